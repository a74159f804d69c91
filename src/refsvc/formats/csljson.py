"""CSL-JSON: the items as Zotero imports them (File → Import), ids the work ids."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

NAME = "csl-json"
MEDIA_TYPE = "application/vnd.citationstyles.csl+json"
EXTENSION = "json"


def render(items: Sequence[Mapping[str, Any]]) -> str:
    """The items as a CSL-JSON array, in the order given."""
    return json.dumps([dict(item) for item in items], ensure_ascii=False, indent=2, sort_keys=True) + "\n"
