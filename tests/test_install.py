"""An installed refsvc works with no checkout: the wheel is built, installed into a fresh environment in a folder
outside the repository, and from there builds a library from a copy of refs/ and serves every page type over
real HTTP, under its own server and under gunicorn."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args}: {done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment holding refsvc from its wheel; its bin folder."""
    folder = tmp_path_factory.mktemp("install")
    assert not folder.resolve().is_relative_to(ROOT.resolve())
    _run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "-q", "-w", folder / "wheels")
    (wheel,) = (folder / "wheels").glob("refsvc-*.whl")
    venv = folder / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    # refsvc's dependencies are borrowed from this environment through a .pth line (no network needed); refsvc
    # itself comes only from the wheel: this environment's editable install is not on that path.
    purelib = Path(_run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--no-deps", "-q", wheel)
    return venv / "bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _serving(command: list[str], cwd: Path, env: dict[str, str], port: int, log: Path | None = None):
    out = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/formats", timeout=2):
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()
        if log:
            out.close()


def _pages(base: str, work_id: str, paper_id: str) -> dict[str, str]:
    out = {}
    for path in ("/", f"/works/{work_id}", f"/papers/{paper_id}", "/export", "/export?format=apa&scope=all",
                 "/parse", "/api/works", f"/api/works/{work_id}", "/api/openapi.json", "/static/refsvc.css"):
        with urllib.request.urlopen(base + path, timeout=60) as response:
            assert response.status == 200, path
            out[path] = response.read().decode("utf-8")
    return out


def test_the_installed_wheel_builds_and_serves_every_page_with_no_checkout(installed: Path, tmp_path: Path):
    home = tmp_path / "home"
    shutil.copytree(ROOT / "refs", home / "refs")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REFSVC_DB", "REFSVC_REFS")}
    where = _run(installed / "python", "-c", "import refsvc; print(refsvc.__file__)", cwd=home, env=env)
    assert Path(where.strip()).is_relative_to(installed.parent), where  # the wheel's copy, not the checkout's
    assert _run(installed / "refsvc", "--version", cwd=home, env=env).startswith("refsvc ")
    _run(installed / "refsvc", "build", cwd=home, env=env)
    with sqlite3.connect(home / "instance" / "refsvc.sqlite") as conn:
        work_id = conn.execute("SELECT work_id FROM works ORDER BY ordinal LIMIT 1").fetchone()[0]
        paper_id = conn.execute("SELECT paper_id FROM papers ORDER BY ordinal LIMIT 1").fetchone()[0]

    port = _free_port()
    with _serving([str(installed / "refsvc"), "serve", "--port", str(port)], home, env, port) as base:
        pages = _pages(base, work_id, paper_id)
    assert f'href="/works/{work_id}"' in pages["/"] and "<h1" in pages[f"/works/{work_id}"]
    with sqlite3.connect(home / "instance" / "refsvc.sqlite") as conn:
        (works,) = conn.execute("SELECT count(*) FROM works").fetchone()
    assert len(pages["/export?format=apa&scope=all"].strip().splitlines()) >= works - 5  # APA leaves out a few types

    # The deployment's own command (deploy/: the container and the systemd unit run this config), from elsewhere.
    port = _free_port()
    gunicorn = [str(installed / "python"), "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
    deployed = env | {"REFSVC_HOME": str(home), "REFSVC_BIND": f"127.0.0.1:{port}"}
    with _serving(gunicorn, tmp_path, deployed, port, tmp_path / "access.log") as base:
        with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
            health = json.loads(response.read())
        assert health["ok"] and health["works"] >= works and health["written_by"].startswith("refsvc ")
        assert _pages(base, work_id, paper_id)[f"/works/{work_id}"] == pages[f"/works/{work_id}"]
    logged = (tmp_path / "access.log").read_text(encoding="utf-8").splitlines()
    assert any('"GET /healthz HTTP/1.1" 200' in line for line in logged), logged[:5]  # a line a request, on stdout
    assert any(f'"GET /works/{work_id} HTTP/1.1" 200' in line for line in logged)
