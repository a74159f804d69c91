"""The OpenAPI 3 document of /api, written out so that it can be read, and checked against the server."""
from __future__ import annotations

from typing import Any

_ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _query(name: str, kind: str, about: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": about, "schema": {"type": kind, **extra}}


_SEARCH_PARAMETERS = [
    _query("q", "string", 'words, "phrases", -excluded, OR, author:/title:/container:/year: fields', maxLength=200),
    _query("paper", "string", "only works this paper cites"),
    _query("type", "string", "CSL type, e.g. article-journal"),
    _query("year_from", "integer", "first year", minimum=0, maximum=9999),
    _query("year_to", "integer", "last year", minimum=0, maximum=9999),
    _query("sort", "string", "order", enum=["relevance", "year-desc", "year", "title", "author"]),
    _query("page", "integer", "page number", minimum=1, maximum=100000),
    _query("per_page", "integer", "results a page", minimum=1, maximum=100),
]
_WORK_ID = {"name": "work_id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[a-z0-9]+$"}}


def document() -> dict[str, Any]:
    """The OpenAPI 3.0 document."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "refsvc", "version": "1",
                 "description": "Read-only API of a refsvc library: works as CSL-JSON, claims, papers."},
        "paths": {
            "/api/works": {"get": {
                "summary": "A page of works as CSL-JSON (the file Zotero imports)",
                "parameters": _SEARCH_PARAMETERS,
                "responses": {"200": {"description": "CSL-JSON array", "headers": {
                    "X-Total-Count": {"schema": {"type": "integer"}}},
                    "content": {"application/vnd.citationstyles.csl+json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}},
                    "400": _ERROR}}},
            "/api/works/{work_id}": {"get": {
                "summary": "One work, by content negotiation (Accept) or ?format=",
                "parameters": [_WORK_ID, _query("format", "string", "instead of Accept",
                                                enum=["csl-json", "bibtex", "ris", "apa", "chicago-nb", "chicago-ad"])],
                "responses": {"200": {"description": "the work", "content": {
                    "application/vnd.citationstyles.csl+json": {"schema": {"$ref": "#/components/schemas/Item"}},
                    "application/x-bibtex": {"schema": {"type": "string"}},
                    "application/x-research-info-systems": {"schema": {"type": "string"}},
                    "text/x-bibliography": {"schema": {"type": "string"}}}},
                    "400": _ERROR, "404": _ERROR, "406": _ERROR}}},
            "/api/works/{work_id}/claims": {"get": {
                "summary": "The claims a work supports", "parameters": [_WORK_ID],
                "responses": {"200": {"description": "claims", "content": {"application/json": {"schema": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Claim"}}}}}, "404": _ERROR}}},
            "/api/search": {"get": {
                "summary": "Works matching a query, each with its matching claims", "parameters": _SEARCH_PARAMETERS,
                "responses": {"200": {"description": "results", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/SearchResults"}}}}, "400": _ERROR}}},
            "/api/papers": {"get": {"summary": "The papers", "responses": {"200": {"description": "papers", "content": {
                "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Paper"}}}}}}}},
            "/api/report": {"get": {"summary": "The whole analysis (refsvc report --json)", "responses": {"200": {
                "description": "report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}}}}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": {
                "description": "OpenAPI 3", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {
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
                "per_page": {"type": "integer"}, "pages": {"type": "integer"}, "results": {"type": "array", "items": {
                    "type": "object", "required": ["work", "claims"], "properties": {
                        "work": {"$ref": "#/components/schemas/Item"},
                        "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}}}}}}},
            "Paper": {"type": "object", "required": ["id", "title", "style"], "properties": {
                "id": {"type": "string"}, "title": {"type": "string"}, "style": {"type": "string"},
                "year": {"type": "integer"}, "authors": {"type": "array", "items": {"type": "string"}}}},
            "Report": {"type": "object", "required": ["papers", "works", "citations"], "properties": {
                "papers": {"type": "array"}, "works": {"type": "array"}, "citations": {"type": "array"}}},
        }},
    }
