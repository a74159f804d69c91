"""The OpenAPI document against a live server: every documented read answers as documented."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import requests

from live import serving


@pytest.fixture(scope="module")
def server(built: Path):
    with serving(built) as base:
        yield base


@pytest.fixture(scope="module")
def spec(server):
    document = requests.get(f"{server}/api/openapi.json", timeout=10).json()
    assert document["openapi"].startswith("3.")
    return document


def schema_of(spec: dict, schema: dict) -> dict:
    """A response schema that jsonschema can resolve: the components travel along."""
    return {**schema, "components": spec["components"]}


def check(spec: dict, path: str, response: requests.Response, method: str = "get") -> None:
    operation = spec["paths"][path][method]
    documented = operation["responses"]
    assert str(response.status_code) in documented, f"{path} answered {response.status_code}, not documented"
    content = documented[str(response.status_code)].get("content", {})
    media = response.headers["Content-Type"].split(";")[0]
    assert media in content, f"{path} answered {media}, documented {list(content)}"
    schema = content[media]["schema"]
    if schema.get("type") == "string":
        assert isinstance(response.text, str) and response.text
        return
    body = json.loads(response.text)
    resolver = jsonschema.validators.RefResolver.from_schema(schema_of(spec, schema))
    jsonschema.Draft7Validator(schema_of(spec, schema), resolver=resolver).validate(body)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_every_documented_read_answers_as_documented(server, spec, library):
    work = library.works[0].work_id
    calls = [
        ("/api/works", "/api/works", {}), ("/api/works", "/api/works", {"q": "russia", "per_page": "5", "sort": "year"}),
        ("/api/works", "/api/works", {"page": "0"}), ("/api/works", "/api/works", {"q": '"open'}),
        ("/api/works/{work_id}", f"/api/works/{work}", {}), ("/api/works/{work_id}", f"/api/works/{work}", {"format": "ris"}),
        ("/api/works/{work_id}", f"/api/works/{work}", {"format": "apa"}),
        ("/api/works/{work_id}", "/api/works/nosuchwork", {}), ("/api/works/{work_id}", f"/api/works/{work}", {"format": "x"}),
        ("/api/works/{work_id}/claims", f"/api/works/{work}/claims", {}),
        ("/api/works/{work_id}/claims", "/api/works/nosuchwork/claims", {}),
        ("/api/search", "/api/search", {"q": "khan"}), ("/api/search", "/api/search", {"q": "-x"}),
        ("/api/papers", "/api/papers", {}), ("/api/report", "/api/report", {}), ("/api/openapi.json", "/api/openapi.json", {}),
        ("/api/", "/api/", {}), ("/api/works.{ext}", "/api/works.json", {}), ("/api/works.{ext}", "/api/works.bib", {"q": "khan"}),
        ("/api/works.{ext}", "/api/works.ris", {"paper": library.papers[0].paper_id}),
        ("/api/works.{ext}", "/api/works.pdf", {}), ("/api/works.{ext}", "/api/works.json", {"q": '"open'}),
        ("/api/cite", "/api/cite", {"ids": work}), ("/api/cite", "/api/cite", {"ids": work, "format": "html"}),
        ("/api/cite", "/api/cite", {"ids": work, "format": "pandoc"}), ("/api/cite", "/api/cite", {"ids": "nosuchwork"}),
        ("/api/cite", "/api/cite", {"ids": work, "style": "nosuchstyle"}),
    ]
    for path, url, params in calls:
        check(spec, path, requests.get(f"{server}{url}", params=params, timeout=30))
    accept = {"Accept": "image/png"}
    check(spec, "/api/works/{work_id}", requests.get(f"{server}/api/works/{work}", headers=accept, timeout=10))
    plain = {"Content-Type": "text/plain; charset=utf-8"}
    for params, body, headers in (({"lines": "1"}, "Doe, J. (2001). A title. A Journal, 3, 1-9.", plain),
                                  ({"format": "ris"}, "Doe, J. (2001). A title.", plain), ({}, "", plain),
                                  ({}, "{}", {"Content-Type": "application/json"})):
        check(spec, "/api/parse", requests.post(f"{server}/api/parse", params=params, data=body.encode(),
                                                 headers=headers, timeout=30), "post")
    for headers, body in (({}, {"command": "reject", "names": ["a", "b"]}), ({"Authorization": "Bearer nonsense"}, {})):
        check(spec, "/api/decisions", requests.post(f"{server}/api/decisions", json=body, headers=headers, timeout=10),
              "post")
    assert set(spec["paths"]) == {path for path, _, _ in calls} | {"/api/parse", "/api/decisions"}, \
        "a documented path is not exercised"


def test_schemathesis_finds_no_departure_from_the_document(server, tmp_path):
    """Schemathesis generates valid and invalid requests from the document and checks every answer
    against it: status codes, content types, headers, bodies, invalid input refused, Allow on 405.

    Left out: positive_data_acceptance, which takes every schema-valid request to be answerable; the
    search language's own refusals (an unclosed quote, an unknown field) are declared 400s with a message.
    Bounded: a fixed seed and 60 cases per operation, a few seconds."""
    cli = Path(sys.executable).with_name("schemathesis")
    done = subprocess.run(
        [str(cli), "--config-file", str(Path(__file__).with_name("schemathesis.toml")), "run",
         f"{server}/api/openapi.json", "--checks", "all",
         "--exclude-checks", "positive_data_acceptance", "--max-examples", "60", "--seed", "20261201",
         "--phases", "examples,coverage,fuzzing", "--workers", "1", "--no-color",
         "--generation-database", "none"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "passed" in done.stdout
