"""The OpenAPI 3 document of /api, written out so that it can be read, and checked against the server."""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from refsvc import limits, search
from refsvc.formats import EXCHANGE_FORMATS

_ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
# Every operation: a query string over the limit (README "Limits and security").
_TOO_LONG = {"414": {**_ERROR, "description": "the query string is longer than the limit"}}


def _query(name: str, kind: str, about: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": about, "schema": {"type": kind, **extra}}


def _search_parameters(paper_ids: Sequence[str]) -> list[dict[str, Any]]:
    paper = {"enum": list(paper_ids)} if paper_ids else {}
    return [
        _query("q", "string", 'words, "phrases", -excluded, OR, author:/title:/container:/year: fields; a search '
               "the language cannot read (an unclosed quote, an unknown field, a dangling OR) is answered 400 "
               "with a message saying how to fix it", maxLength=200),
        _query("paper", "string", "only works this paper cites (a paper id of /api/papers)", minLength=1, **paper),
        _query("type", "string", "CSL type, e.g. article-journal", minLength=1),
        _query("year_from", "integer", "first year", minimum=search.YEARS[0], maximum=search.YEARS[1]),
        _query("year_to", "integer", "last year", minimum=search.YEARS[0], maximum=search.YEARS[1]),
        _query("sort", "string", "order", enum=list(search.SORTS)),
        _query("page", "integer", "page number", minimum=1, maximum=search.MAX_PAGE),
        _query("per_page", "integer", "results a page", minimum=1, maximum=search.MAX_PER_PAGE),
    ]
def _work_id(example: str) -> dict[str, Any]:
    return {"name": "work_id", "in": "path", "required": True, **({"example": example} if example else {}),
            "schema": {"type": "string", "pattern": "^[a-z0-9]+$"}}


# A formatted answer that leaves works out (its style prints no entry for them: Chicago cites an entry in a
# reference work in notes only, APA an interview in the text) says which (web.pages.left_out_headers).
_LEFT_OUT = {
    "X-Left-Out-Count": {"description": "works the style prints no bibliography entry for", "schema": {"type": "integer"}},
    "X-Left-Out": {"description": "their ids, percent-encoded, separated by commas (the first "
                                  f"{limits.LEFT_OUT_NAMED})", "schema": {"type": "string"}},
    "X-Left-Out-Reason": {"schema": {"type": "string"}}}


def document(paper_ids: Sequence[str] = (), work_example: str = "") -> dict[str, Any]:
    """The OpenAPI 3.0 document; with the library's paper ids, `paper` is declared as one of them, and a
    work id of the library is the example of a work_id."""
    search_parameters = _search_parameters(paper_ids)
    return {
        "openapi": "3.0.3",
        "info": {"title": "refsvc", "version": "1",
                 "description": "API of a refsvc library: works as CSL-JSON, claims, papers (open to read); "
                                "decisions about works (an editor's Bearer token)."},
        "paths": {
            "/api/works": {"get": {
                "summary": "A page of works as CSL-JSON (the file Zotero imports)",
                "parameters": search_parameters,
                "responses": {**_TOO_LONG, "200": {"description": "CSL-JSON array", "headers": {
                    "X-Total-Count": {"schema": {"type": "integer"}}},
                    "content": {"application/vnd.citationstyles.csl+json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}},
                    "400": _ERROR}}},
            "/api/": {"get": {
                "summary": "This index: each path of the API with what it does",
                "responses": {**_TOO_LONG, "200": {"description": "paths", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["openapi", "paths"], "properties": {
                        "openapi": {"type": "string"},
                        "paths": {"type": "object", "additionalProperties": {"type": "string"}}}}}}}}}},
            "/api/works.{ext}": {"get": {
                "summary": "Every work (or a paper's, or a search's) as one file to download or pull: .json "
                           "(CSL-JSON), .bib (BibTeX), .biblatex (biblatex), .ris",
                "parameters": [
                    {"name": "ext", "in": "path", "required": True, "description": "the file's format",
                     "schema": {"type": "string", "enum": ["json", "bib", "biblatex", "ris"]}},
                    *[p for p in search_parameters if p["name"] in ("q", "paper")]],
                "responses": {**_TOO_LONG, "200": {
                    "description": "the file, as an attachment", "headers": {
                        "X-Total-Count": {"schema": {"type": "integer"}},
                        "Content-Disposition": {"schema": {"type": "string"}}},
                    "content": {
                        "application/vnd.citationstyles.csl+json": {
                            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}},
                        "application/x-bibtex": {"schema": {"type": "string"}},
                        "application/x-research-info-systems": {"schema": {"type": "string"}}}},
                    "400": _ERROR, "404": _ERROR}}},
            "/api/works/{work_id}": {"get": {
                "summary": "One work, by content negotiation (Accept) or ?format=",
                "parameters": [_work_id(work_example), _query("format", "string", "instead of Accept",
                                                enum=[*EXCHANGE_FORMATS, "apa", "chicago-nb", "chicago-ad"])],
                "responses": {**_TOO_LONG, "200": {"description": "the work", "headers": _LEFT_OUT, "content": {
                    "application/vnd.citationstyles.csl+json": {"schema": {"$ref": "#/components/schemas/Item"}},
                    "application/x-bibtex": {"schema": {"type": "string"}},
                    "application/x-research-info-systems": {"schema": {"type": "string"}},
                    "text/x-bibliography": {"schema": {"type": "string"}}}},
                    "400": _ERROR, "404": _ERROR, "406": _ERROR}}},
            "/api/cite": {"get": {
                "summary": "Works cited for an editor to paste: a reference list or citations in a CSL style "
                           "(text or HTML), or pandoc [@key] / LaTeX \\cite{key}",
                "parameters": [
                    {**_query("ids", "string", f"work ids separated by commas (at most {limits.MAX_CITE_WORKS})",
                              minLength=1), "required": True},
                    _query("style", "string", "a CSL style: apa, chicago-nb, chicago-ad, the -17 editions, or an "
                           "official style's name", minLength=1, maxLength=100),
                    _query("format", "string", "the answer's form", enum=["text", "html", "pandoc", "latex"]),
                    _query("mode", "string", "a reference list in the style's order, or each work's citation",
                           enum=["bibliography", "citation"])],
                "responses": {**_TOO_LONG, "200": {"description": "the citations", "headers": _LEFT_OUT, "content": {
                    "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}},
                    "400": _ERROR, "404": _ERROR}}},
            "/api/works/{work_id}/claims": {"get": {
                "summary": "The claims a work supports", "parameters": [_work_id(work_example)],
                "responses": {**_TOO_LONG, "200": {"description": "claims", "content": {"application/json": {"schema": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Claim"}}}}}, "404": _ERROR}}},
            "/api/search": {"get": {
                "summary": "Works matching a query, each with its matching claims", "parameters": search_parameters,
                "responses": {**_TOO_LONG, "200": {"description": "results", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/SearchResults"}}}}, "400": _ERROR}}},
            "/api/papers": {"get": {"summary": "The papers", "responses": {**_TOO_LONG, "200": {"description": "papers", "content": {
                "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Paper"}}}}}}}},
            "/api/report": {"get": {"summary": "The whole analysis (refsvc report --json)", "responses": {**_TOO_LONG, "200": {
                "description": "report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}}}}},
            "/api/parse": {"post": {
                "summary": "Printed references read into fields (CSL-JSON, BibTeX or RIS); nothing is stored",
                "parameters": [
                    _query("lines", "string", "1: exactly one reference per non-empty line", enum=["0", "1"]),
                    _query("format", "string", "the answer's format", enum=list(EXCHANGE_FORMATS))],
                "requestBody": {"required": True, "content": {"text/plain": {"schema": {
                    "type": "string", "minLength": 1, "maxLength": limits.MAX_REQUEST_BYTES}}}},
                "responses": {**_TOO_LONG, "200": {"description": "one item per reference, in input order; "
                                                   "custom.raw, custom.labels and custom.confidence on each",
                                                   "content": {
                    "application/vnd.citationstyles.csl+json": {"schema": {"type": "array", "items": {
                        "$ref": "#/components/schemas/Item"}}},
                    "application/x-bibtex": {"schema": {"type": "string"}},
                    "application/x-research-info-systems": {"schema": {"type": "string"}}}},
                    "400": _ERROR, "413": _ERROR, "415": _ERROR}}},
            "/api/decisions": {"post": {
                "summary": "Decide about works (merge, reject, split, confirm), as `refsvc merge/reject/split/confirm` do; the "
                           "library is rebuilt. Needs an editor's token: `refsvc token create NAME`",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["command", "names"], "properties": {
                        "command": {"type": "string", "enum": ["merge", "reject", "split", "confirm"]},
                        "names": {"type": "array", "items": {"type": "string"},
                                  "description": "merge/reject: two work ids or record keys; confirm: two "
                                                 "records of one work; split: a work id, then the keys of the "
                                                 "records to take out"}}}}}},
                "responses": {**_TOO_LONG, "200": {"description": "recorded", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["ok", "decisions"], "properties": {
                        "ok": {"type": "boolean"}, "decisions": {"type": "integer"}}}}}},
                    "400": _ERROR, "401": _ERROR, "403": _ERROR, "413": _ERROR, "415": _ERROR}}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {**_TOO_LONG, "200": {
                "description": "OpenAPI 3", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": {
            "Error": {"type": "object", "required": ["ok", "error", "status"], "properties": {
                "ok": {"type": "boolean", "enum": [False]}, "error": {"type": "string"}, "status": {"type": "integer"}}},
            "Item": {"type": "object", "required": ["id", "type"], "properties": {
                "id": {"type": "string"}, "type": {"type": "string"}, "title": {"type": "string"}}},
            "Claim": {"type": "object", "required": ["paper", "text", "start", "end"], "properties": {
                "paper": {"type": "string"}, "text": {"type": "string"}, "start": {"type": "integer"},
                "end": {"type": "integer"}, "marker": {"type": "string"}, "kind": {"type": "string"},
                "status": {"type": "string"}, "works": {"type": "array", "items": {"type": "string"}}}},
            "SearchResults": {"type": "object", "required": ["query", "total", "page", "results"], "properties": {
                "query": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
                "per_page": {"type": "integer"}, "pages": {"type": "integer"},
                "notice": {"type": "string", "description": "how the search was read where not as given "
                                                            "(years the wrong way round)"},
                "did_you_mean": {"type": "string", "description": "when nothing was found: the query with each word "
                                                                  "the library does not hold respelled as its nearest word"},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["work", "claims", "claim_count", "cited_by"], "properties": {
                        "work": {"$ref": "#/components/schemas/Item"},
                        "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"},
                                   "description": "every claim citing the work that matches the query, best first"},
                        "claim_count": {"type": "integer", "description": "how many claims matched"},
                        "cited_by": {"type": "integer", "description": "how many claims cite the work in all"}}}}}},
            "Paper": {"type": "object", "required": ["id", "title", "style"], "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}, "style": {"type": "string"},
                "year": {"type": "integer"}, "authors": {"type": "array", "items": {"type": "string"}}}},
            "Report": {"type": "object", "required": ["papers", "works", "citations"], "properties": {
                "papers": {"type": "array"}, "works": {"type": "array"}, "citations": {"type": "array"}}},
        }},
    }


@dataclass(frozen=True)
class _Parameter:
    name: str
    location: str
    type: str
    minimum: int | None
    maximum: int | None
    enum: tuple[str, ...] | None
    max_length: int | None
    min_length: int


@functools.cache  # the document without a library's ids is the same on every request: read once, frozen
def _parameters(rule: str, method: str) -> tuple[_Parameter, ...]:
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)
    return tuple(_Parameter(p["name"], p["in"], p["schema"]["type"], p["schema"].get("minimum"),
                            p["schema"].get("maximum"), tuple(p["schema"]["enum"]) if "enum" in p["schema"] else None,
                            p["schema"].get("maxLength"), p["schema"].get("minLength", 0))
                 for p in document()["paths"].get(path, {}).get(method.lower(), {}).get("parameters", []))


def check_query(rule: str, args: Mapping[str, str], method: str = "GET") -> str | None:
    """How the query string of a request to the route rule ('/api/works/<work_id>') breaks the document's
    declared parameters, as a message for the user; None when it keeps to them."""
    for parameter in _parameters(rule, method):
        name = parameter.name
        if parameter.location != "query" or name not in args:
            continue
        value = args[name]
        if parameter.type == "integer":
            if not re.fullmatch(r"-?\d{1,12}", value):
                return f"{name} must be a whole number, not {value[:20]!r}"
            number = int(value)
            low = number if parameter.minimum is None else parameter.minimum
            high = number if parameter.maximum is None else parameter.maximum
            if not low <= number <= high:
                return f"{name} must be between {parameter.minimum} and {parameter.maximum}, not {number}"
        elif parameter.enum is not None and value not in parameter.enum:
            return f"{name} must be one of {', '.join(parameter.enum)}, not {value[:30]!r}"
        elif parameter.max_length is not None and len(value) > parameter.max_length:
            return f"{name} is {len(value)} characters long; the limit is {parameter.max_length}"
        elif len(value) < parameter.min_length:
            return f"{name} must not be empty: leave it out instead"
    return None
