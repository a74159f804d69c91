"""Names as other tools write them."""
from __future__ import annotations

import pytest

from refsvc import names

def test_a_dblp_namesake_number_is_not_a_name():
    assert names.csl_name("Jianfei Chen 0001") == {"family": "Chen", "given": "Jianfei"}


@pytest.mark.parametrize("text, expected", [
    pytest.param("Vale, R. A., Gray, Jr., T. W., and Orr, J.", ["Vale, R. A.", "Gray, Jr., T. W.", "Orr, J."],
                 id="a_suffix_between_family_and_initials"),
    pytest.param("Xu, W., H. Li, and Q. Le", ["Xu, W.", "Li, H.", "Le, Q."], id="two_letter_family_names"),
    pytest.param("Ma, Tao, Jie Ye, Qi Li, and Ravi Orr", ["Ma, Tao", "Ye, Jie", "Li, Qi", "Orr, Ravi"],
                 id="first_inverted_then_short_given_names"),
    pytest.param("Moss Moss, Carla A., Gary B. Vale, and Dan A. Van Orr",
                 ["Moss Moss, Carla A.", "Vale, Gary B.", "Van Orr, Dan A."], id="two_word_family_first"),
    pytest.param("Vale, M. Petra, Ann C. Orr", ["Vale, M. Petra", "Orr, Ann C."], id="given_initial_then_name"),
    pytest.param("Vale, R., C. Orrego de la Hale, and T. van der Moss", ["Vale, R.", "Orrego de la Hale, C.",
                 "van der Moss, T."], id="double_family_name_with_particle_after_initials"),
    pytest.param("ValeA., Orr-HaleM. D., MossT., et al.", ["Vale, A.", "Orr-Hale, M. D.", "Moss, T.", "others"],
                 id="initials_run_into_the_family_name"),
    pytest.param("McVale, A. and DeOrr, B.", ["McVale, A.", "DeOrr, B."], id="inner_capitals_are_no_initials"),
    pytest.param("C. Orrego Hale, T. Moss, and A. B. Vale Orr", ["Orrego Hale, C.", "Moss, T.", "Vale Orr, A. B."],
                 id="double_family_name_after_initials"),
    pytest.param("Vale, Rhea J., and Tom F. Orr Jr.", ["Vale, Rhea J.", "Orr, Jr., Tom F."], id="suffix_given_first"),
    pytest.param("Vale, R., Hale, Orr, T., and Moss", ["Vale, R.", "Hale", "Orr, T.", "Moss"],
                 id="names_without_initials_among_inverted"),
    pytest.param("Vale B, Bai X-Y, Orr NC-A", ["Vale, B.", "Bai, X.-Y.", "Orr, N. C.-A."], id="vancouver_hyphenated"),
    pytest.param("Gao, H., and K. Xu.", ["Gao, H.", "Xu, K."], id="short_family_name_before_the_full_stop"),
    pytest.param("Vale, H., R. Orr, and K. Wu.", ["Vale, H.", "Orr, R.", "Wu, K."], id="short_family_name_last_of_three"),
    pytest.param("Vale A., Orr N., Hale D.M. & Moss E.", ["Vale, A.", "Orr, N.", "Hale, D.M.", "Moss, E."],
                 id="family_then_dotted_initials_comma_separated"),
    pytest.param("O'Dea J. R., de la Vale A.", ["O'Dea, J. R.", "de la Vale, A."], id="dotted_initials_after_particles"),
    pytest.param("Vale, R. Y., and B. Ahmed.", ["Vale, R. Y.", "Ahmed, B."], id="a_family_name_ending_in_ed"),
    pytest.param("Vale, R., ed.", ["Vale, R."], id="an_editors_mark_is_no_name"),
    pytest.param("VALE, R.P., F. ORR & T.J. MOSS", ["VALE, R.P.", "ORR, F.", "MOSS, T.J."], id="family_names_in_capitals"),
    pytest.param("NG, B.Y., J.-R. OH", ["NG, B.Y.", "OH, J.-R."], id="short_family_names_in_capitals"),
    pytest.param("Vale, Rhea; Orr, Tom; & Moss, K.", ["Vale, Rhea", "Orr, Tom", "Moss, K."], id="semicolons_between_names"),
    pytest.param("Department of Lakes, UK", ["{Department of Lakes, UK}"], id="an_organisation_with_its_country"),
    pytest.param("Vale J C, Orr G, and Moss A J", ["Vale, J. C.", "Orr, G.", "Moss, A. J."],
                 id="vancouver_initials_spaced"),
    pytest.param("Mann, K. Th.", ["Mann, K. Th."], id="an_abbreviated_given_name_keeps_its_stop"),
])
def test_each_name_of_a_list_is_read_where_it_stands(text, expected):
    assert names.printed(text) == expected


def test_names_with_given_names_written_out_are_read_in_pairs_where_one_word_cannot_be_a_name():
    assert names.printed("Vale, Tom, Orr, Ann Rhea, Hale, Kim") == ["Vale, Tom", "Orr, Ann Rhea", "Hale, Kim"]
    assert names.printed("Vale, Tom-Li, Orr, Ann-Mei") == ["Vale, Tom-Li", "Orr, Ann-Mei"]
    # a one-word part before a family name with its own initials stands alone
    assert names.printed("Vale, T., Dh, Orr, M. D.") == ["Vale, T.", "Dh", "Orr, M. D."]


def test_et_al_in_other_languages_ends_the_list():
    for text in ("Vale L. y otros", "Vale, L. u. a.", "Vale, L., e outros", "Vale, L., and others"):
        assert names.printed(text) == ["Vale, L.", "others"], text
    assert names.printed("Vale, U. A.") == ["Vale, U. A."]


def test_vancouver_initials_of_four_letters_are_initials():
    assert names.printed("Vale CB, Orr JHTG, Moss AT, Hale CEMC.") == [
        "Vale, C. B.", "Orr, J. H. T. G.", "Moss, A. T.", "Hale, C. E. M. C."]


def test_capital_ed_after_a_vancouver_family_name_is_initials_and_after_a_comma_a_mark():
    assert names.printed("Vale ED.") == ["Vale, E. D."]
    assert names.printed("Orr T, Vale ED, eds.") == ["Orr, T.", "Vale, E. D."]
    assert names.printed("Hale, T., EDS.") == ["Hale, T."]
    assert names.printed("Hale, T., ed.") == ["Hale, T."]


@pytest.mark.parametrize("printed_list, family, given, suffix", [
    ("Vale Jr TJ.", "Vale", "T. J.", "Jr"),  # Vancouver, the suffix before the initials
    ("Vale TJ Jr.", "Vale", "T. J.", "Jr"),
    ("Vale, T. J., Jr.", "Vale", "T. J.", "Jr."),  # APA, the suffix after the initials
])
def test_a_suffix_before_or_after_the_initials_is_the_suffix(printed_list, family, given, suffix):
    [name] = names.csl_names(" and ".join(names.printed(printed_list)))
    assert (name.get("family"), name.get("given"), name.get("suffix")) == (family, given, suffix)
