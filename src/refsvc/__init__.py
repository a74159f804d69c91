"""refsvc: papers and their reference lists in, deduplicated works and linked claims out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("refsvc")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
