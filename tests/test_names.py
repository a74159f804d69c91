"""Names as other tools write them."""
from __future__ import annotations

from refsvc import names

def test_a_dblp_namesake_number_is_not_a_name():
    assert names.csl_name("Jianfei Chen 0001") == {"family": "Chen", "given": "Jianfei"}
