"""The one build step pyproject.toml cannot say: the top-level templates/ (their source, edited in place) are
copied into the package, so that an installed refsvc carries its page templates (refsvc/templates)."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "refsvc" / "templates"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(Path(__file__).resolve().parent / "templates", target)


setup(cmdclass={"build_py": BuildWithTemplates})
