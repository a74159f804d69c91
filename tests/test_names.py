
def test_a_dblp_namesake_number_is_not_a_name():
    from refsvc import names
    assert names.csl_name("Jianfei Chen 0001") == {"family": "Chen", "given": "Jianfei"}
