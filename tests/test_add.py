"""`refsvc add`: a third paper from plain text or a PDF's text layer, without editing JSON by hand; what the
paper does not show is taken from flags; a paper that cannot be read changes nothing."""
from __future__ import annotations

import json
from pathlib import Path

from refsvc.cli import main

TEXT = """# Salt Marshes and the Tide Mills of the Wadden Sea

Ilse Tarnwood and Pieter Holm

2021

## Argument

Tide mills stood on the marsh edge (Brandt, 1986). Their millers kept accounts (Lind, 2011).

## References

Brandt, D. B. (1986). Mills of the Scheldt. Delta Press.
Lind, H. (2011). A miller's accounts. Estuary History, 7, 1–20.
"""


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds lines (Helvetica, one line each)."""
    def esc(t: str) -> str:
        return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    body = "BT /F1 10 Tf 50 780 Td 12 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{obj}\nendobj\n".encode("cp1252")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def _manifest(refs: Path) -> list[dict]:
    return json.loads((refs / "papers" / "papers.json").read_text(encoding="utf-8"))


def test_a_text_paper_is_added_extracted_linked_and_built(refs_copy: Path, tmp_path: Path, capsys):
    source = tmp_path / "marshes.txt"
    source.write_text(TEXT, encoding="utf-8")
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "add", str(source)]) == 0
    entry = _manifest(refs_copy)[-1]
    assert entry == {"id": "tarnwood2021", "file": "tarnwood2021.txt",
                     "title": "Salt Marshes and the Tide Mills of the Wadden Sea",
                     "authors": ["Ilse Tarnwood", "Pieter Holm"], "year": 2021}
    assert (refs_copy / "tarnwood2021.bib").is_file()
    assert "3 papers" in capsys.readouterr().out


def test_a_pdf_paper_is_read_from_its_text_layer(refs_copy: Path, tmp_path: Path, capsys):
    source = tmp_path / "marshes.pdf"
    source.write_bytes(minimal_pdf([line for line in TEXT.splitlines() if line.strip()]))
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "add", str(source), "--id", "marsh",
                 "--style", "author-date"]) == 0
    assert _manifest(refs_copy)[-1]["id"] == "marsh" and _manifest(refs_copy)[-1]["style"] == "author-date"
    assert "refs/marsh.bib: 2 entries" in capsys.readouterr().out.replace(str(refs_copy.parent) + "/", "")


def test_a_paper_that_cannot_be_added_changes_nothing(refs_copy: Path, tmp_path: Path, capsys):
    before = (refs_copy / "papers" / "papers.json").read_bytes()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(minimal_pdf([]))
    no_refs = tmp_path / "essay.txt"
    no_refs.write_text("# An Essay\n\nIlse Tarnwood\n\n2020\n\nNo sources at all.\n", encoding="utf-8")
    untitled = tmp_path / "untitled.txt"
    untitled.write_text("\n", encoding="utf-8")
    for path, words in ((scan, "no text layer"), (no_refs, "reference"), (untitled, "give it with --title")):
        assert main(["--refs", str(refs_copy), "--db", str(tmp_path / "lib.sqlite"), "add", str(path)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and words in err[0], err
    assert (refs_copy / "papers" / "papers.json").read_bytes() == before
    assert sorted(p.name for p in (refs_copy / "papers").glob("*.txt")) == ["ali2024.txt", "nisar2025.txt"]


def test_a_paper_whose_rebuild_fails_is_taken_out_again(refs_copy: Path, tmp_path: Path, capsys):
    before = (refs_copy / "papers" / "papers.json").read_bytes()
    broken = sorted(refs_copy.glob("*.bib"))[0]
    broken.write_text(broken.read_text(encoding="utf-8") + "\n@article{unclosed, title = {No end\n", encoding="utf-8")
    source = tmp_path / "marshes.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert main(["--refs", str(refs_copy), "--db", str(tmp_path / "lib.sqlite"), "add", str(source)]) != 0
    assert broken.name in capsys.readouterr().err
    assert (refs_copy / "papers" / "papers.json").read_bytes() == before
    assert not (refs_copy / "papers" / "tarnwood2021.txt").exists() and not (refs_copy / "tarnwood2021.bib").exists()
