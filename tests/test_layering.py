"""Data flows one way: a stage imports only model, errors, named helpers and earlier stages."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "refsvc"
STAGES = ["papers", "extract", "parse", "libraries", "decisions", "normalise", "dedupe", "link", "store", "pipeline"]
# formats: the exchange formats, leaf modules a stage may read a library's RIS or CSL-JSON with
SHARED = {"__version__", "model", "errors", "limits", "home", "textfile", "formats", "tagger", "labelled", "folding", "names", "latex", "reftext", "citekeys", "segment", "journals", "publishers"}
OUTER = {"cli", "web", "report"}  # may import store, report and shared modules, never a stage


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("refsvc"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("refsvc."))
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_stage_imports_only_earlier_stages(stage):
    allowed = SHARED | set(STAGES[: STAGES.index(stage)])
    # a stage grown into a subpackage (dedupe/) imports its own modules and, outside them, what a module may
    files = sorted((SRC / stage).glob("*.py")) if (SRC / stage).is_dir() else [SRC / f"{stage}.py"]
    assert files and all(imports(path) - {stage} <= allowed for path in files)


@pytest.mark.parametrize("path", [SRC / "cli.py", SRC / "report.py", *sorted((SRC / "web").glob("*.py"))], ids=lambda p: p.name)
def test_outer_layers_do_not_reach_into_stages(path):
    forbidden = {"extract", "parse", "normalise", "dedupe"} if path.parent.name == "web" or path.name == "report.py" else {"parse", "normalise", "dedupe"}
    assert not imports(path) & forbidden


def test_no_grab_bag_modules():
    assert not [p.name for p in SRC.rglob("*.py") if p.stem in {"utils", "helpers", "common", "misc"}]
