"""LaTeX escapes for .bib values, both ways: special characters and accented letters."""
from __future__ import annotations

import re
import unicodedata

_ENCODE = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
           "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
           "`": r"\textasciigrave{}"}  # a literal backquote, never the opening of a LaTeX quote
_SPECIAL = re.compile(r"[\\{}&%$#_~^`]")
# Typographic punctuation for 7-bit BibTeX: LaTeX's own ligatures and the commands every reader knows
# (pandoc reads --, ---, ~, \ldots and the quote commands; not \textendash).
_PUNCTUATION = {"\u201c": r"\textquotedblleft{}", "\u201d": r"\textquotedblright{}", "\u2018": r"\textquoteleft{}",
                "\u2019": r"\textquoteright{}", "\u2013": "--", "\u2014": "---", "\u2026": r"\ldots{}",
                "\u00a0": "~"}
_NAMED = {r"\textbackslash{}": "\\", r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\textasciigrave{}": "`",
          **{v: k for k, v in _PUNCTUATION.items() if v.startswith("\\")}}
# Combining marks and the LaTeX accent command that writes each (LaTeX's own accent set).
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=",
            "\u0307": ".", "\u0327": "c", "\u030c": "v", "\u0306": "u", "\u030b": "H", "\u0328": "k",
            "\u030a": "r", "\u0323": "d"}
_COMMAND_ACCENTS = {v: k for k, v in _ACCENTS.items()}
# Letters that are not an accent on a base letter: their LaTeX names.
_LETTERS = {"ß": r"\ss", "æ": r"\ae", "Æ": r"\AE", "œ": r"\oe", "Œ": r"\OE", "ø": r"\o", "Ø": r"\O",
            "ł": r"\l", "Ł": r"\L", "ı": r"\i", "å": r"\aa", "Å": r"\AA", "đ": r"\dj", "Đ": r"\DJ"}
_LETTER_NAMES = {v[1:]: k for k, v in _LETTERS.items()}
# Each brace an escape opens is one it closes ((?(n)\})): "{{\c C}}" decodes to "{Ç}", keeping the outer pair.
# The lookahead first: every escape starts at a brace or a backslash, and re then skips the other characters
# quickly (8x faster on abstracts than trying every branch at every position).
_DECODE = re.compile(
    r"(?=[\\{])(?:"
    r"\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}|\\textasciigrave\{\}"
    r"|\\text(?:quotedblleft|quotedblright|quoteleft|quoteright)\{\}|\\ldots\{\}"
    r"|(\{)?\\([`'^\"~=.])\s*(?:\{([A-Za-z]|\\i)\}|([A-Za-z]|\\i))(?(1)\})"   # {\'e}  \'{e}  \'e
    r"|(\{)?\\([cvuHkrd])(?:\s+([A-Za-z])|\{([A-Za-z])\})(?(5)\})"            # {\c c}  \c{c}
    r"|(\{)?\\(ss|ae|AE|oe|OE|o|O|l|L|i|aa|AA|dj|DJ)(?![A-Za-z])(?:\{\})?(?(9)\})"  # {\ss}  \o{}
    r"|\\([{}&%$#_]))"
)

# LaTeX's ligatures and tie, read as the characters they print; a hyphen written -{} before another is
# a plain hyphen (encode writes a literal "--" so, since LaTeX would print it as a dash).
_LIGATURES = re.compile(r"---|--|-\{\}(?=-)|'\{\}(?=')|(?<!\\)~")
_LIGATURE_TEXT = {"---": "\u2014", "--": "\u2013", "-{}": "-", "'{}": "'", "~": "\u00a0"}
# LaTeX's closing double quote ('') left after the ``…'' pairs: the quotation mark CSL-JSON pairs, as those are.
# Records type it for the opening one too (''Fen'', "Fen''): each pairs with its partner then, and one with no
# partner is printed as written, straight. Two apostrophes that are text are written '{}' (encode).
_CLOSING_DOUBLE = re.compile(r"(?<!\\)''")
# Text-formatting commands whose argument is plain text to a record (the title is the words; a style sets them).
_TEXT_COMMANDS = re.compile(r"\\(emph|textit|textbf|textsc|textsl|textup|textnormal|mkbibemph|mkbibquote|enquote)"
                            r"\s*\{([^{}]*)\}")
# LaTeX's quotes, ``…'' and `…', as the straight quotes CSL-JSON marks a quotation with (citeproc-js prints
# both as curly quotes, flipping nested ones). A backquote after a backslash is the grave accent; a literal
# backquote is written \textasciigrave{}.
_TEX_QUOTES = re.compile(r"(?<!\\)``((?:[^'\\]|\\.|'(?!'))*)''|(?<!\\)`((?:[^`'\\]|\\.)*)'")

# ISO 639-1 codes and the babel/polyglossia names biblatex's langid takes (the languages biblatex localises).
LANGIDS = {"en": "english", "en-US": "american", "en-GB": "british", "de": "ngerman", "fr": "french",
           "es": "spanish", "it": "italian", "pt": "portuguese", "nl": "dutch", "ru": "russian", "pl": "polish",
           "sv": "swedish", "da": "danish", "fi": "finnish", "nb": "norsk", "nn": "nynorsk", "cs": "czech",
           "el": "greek", "tr": "turkish", "uk": "ukrainian", "hu": "magyar", "ca": "catalan", "hr": "croatian",
           "sl": "slovene", "sk": "slovak", "et": "estonian", "lv": "latvian", "lt": "lithuanian", "ro": "romanian",
           "bg": "bulgarian", "he": "hebrew", "ja": "japanese"}
LANGUAGE_OF_LANGID = {name: code for code, name in LANGIDS.items()} | {"german": "de", "english": "en"}

# biblatex's localisation keys that records use as field values (series = {newseries}, type = {mathesis}),
# in the words biblatex's English strings print.
BIBLATEX_STRINGS = {"newseries": "New Series", "oldseries": "Old Series", "mathesis": "Master's thesis",
                    "phdthesis": "PhD thesis", "candthesis": "Candidate thesis", "techreport": "Technical report",
                    "resreport": "Research report", "software": "Computer software", "datacd": "CD-ROM",
                    "audiocd": "Audio CD", "patent": "Patent", "patentus": "U.S. patent", "patenteu": "European patent"}

# Fields BibTeX/biblatex read verbatim: no escaping.
VERBATIM = frozenset({"url", "doi", "eprint", "file", "urldate", "date"})


def encode(text: str) -> str:
    """Text with LaTeX's special characters escaped, safe inside a braced .bib value (Unicode kept); a
    literal double hyphen kept from becoming LaTeX's dash, two apostrophes from becoming its closing quote."""
    # One pass, so the braces of an escape just written are not escaped again.
    text = _SPECIAL.sub(lambda m: _ENCODE[m.group(0)], text)
    if "''" in text:
        text = text.replace("''", "'{}'").replace("''", "'{}'")
    return text.replace("--", "-{}-").replace("--", "-{}-") if "--" in text else text


def has_markup(text: str) -> bool:
    """Whether decode() may change the text (most values: no). Substring tests, not a regex: parse asks this
    of every value of a library."""
    if "\\" in text or "`" in text or "~" in text or "-{}" in text or "''" in text or "'{}" in text:
        return True
    # a range of pages (12--18) is left to normalise's page reading, which knows its dash
    return "--" in text and not text.replace("--", "", 1).isalnum()


def encode_ascii(text: str) -> str:
    """encode(), and accented letters as LaTeX accent commands ({\\'e}), for 7-bit BibTeX."""
    out = []
    for char in encode(text):
        if char in _LETTERS:
            out.append("{" + _LETTERS[char] + "}")
            continue
        if char in _PUNCTUATION:
            out.append(_PUNCTUATION[char])
            continue
        parts = unicodedata.normalize("NFD", char)
        if len(parts) == 2 and parts[1] in _ACCENTS and parts[0].isascii():
            command, base = _ACCENTS[parts[1]], parts[0]
            out.append("{\\" + command + (base if not command.isalpha() else " " + base) + "}")
        else:
            out.append(char)
    return "".join(out)


def decode(text: str) -> str:
    """The inverse of encode() and encode_ascii(); a value with no escapes comes back unchanged."""
    def one(m: re.Match[str]) -> str:
        whole = m.group(0)
        if whole in _NAMED:
            return _NAMED[whole]
        if m.group(2):
            letter = m.group(3) or m.group(4)
            base = "ı" if letter == r"\i" else letter
            return unicodedata.normalize("NFC", base + _COMMAND_ACCENTS[m.group(2)])
        if m.group(6):
            return unicodedata.normalize("NFC", (m.group(7) or m.group(8)) + _COMMAND_ACCENTS[m.group(6)])
        if m.group(10):
            return _LETTER_NAMES[m.group(10)]
        return m.group(11)

    if "`" in text:
        text = _TEX_QUOTES.sub(lambda m: f'"{m.group(1)}"' if m.group(1) is not None else f"'{m.group(2)}'", text)
    if "''" in text:
        text = _CLOSING_DOUBLE.sub('"', text)
    if "--" in text or "~" in text or "-{}" in text or "'{}" in text:
        text = _LIGATURES.sub(lambda m: _LIGATURE_TEXT[m.group(0)], text)
    if "\\" not in text:  # every escape starts with a backslash: most values have none
        return text
    if "{" in text:
        text = _TEXT_COMMANDS.sub(lambda m: f'"{m.group(2)}"' if m.group(1) in ("mkbibquote", "enquote")
                                  else m.group(2), text)
    return _DECODE.sub(one, text)
