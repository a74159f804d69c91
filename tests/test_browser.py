"""A person's path through the site in a real browser: Debian's chromium driven by Playwright against a
real server. Screenshots are saved under test-output/ for a person to look at."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from live import serving

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-output" / "browser"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.browser
def test_search_open_copy_download_and_follow_a_claim(built: Path, library, tmp_path: Path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `bash scripts/test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    citation = next(c for c in library.citations if c.status == "resolved" and len(c.works) == 1 and c.kind == "note")
    work = next(w for w in library.works if w.work_id == citation.works[0])
    title_word = max(work.csl["title"].split(), key=len).strip(":,.?")
    with serving(built) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        page = context.new_page()
        refused: list[str] = []  # what the Content-Security-Policy blocked, as the console reports it
        page.on("console", lambda m: refused.append(m.text) if m.type == "error" and "Content Security" in m.text else None)
        response = page.goto(base + "/")
        assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
        assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "flex"
        page.get_by_role("searchbox").fill(title_word)
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/?q=*")
        page.screenshot(path=str(SHOTS / "1-search.png"), full_page=True)
        page.locator(f'h2 a[href="/works/{work.work_id}"]').click()
        page.wait_for_url(f"**/works/{work.work_id}")
        assert page.locator("h1").inner_text() == work.csl["title"]
        page.screenshot(path=str(SHOTS / "2-work.png"), full_page=True)

        page.get_by_role("button", name="Copy the APA 7 entry").click()
        # a locator's wait, not wait_for_function: the page's CSP forbids the eval that polling a string needs
        page.locator('button.copy[data-copy="entry-apa"]', has_text="Copied").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#entry-apa").inner_text().strip() and work.csl["title"].split()[0] in copied
        rich = page.evaluate("""navigator.clipboard.read().then(items => items[0].getType('text/html'))
                                .then(blob => blob.text())""")
        entry_html = page.locator("#entry-apa").inner_html()
        assert work.csl["title"].split()[0] in rich and ("<i>" in rich) == ("<i>" in entry_html)  # for Word
        assert page.get_by_role("status").inner_text() == "the APA 7 entry copied"

        with page.expect_download() as download:
            page.get_by_role("link", name="BibTeX").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.read_text(encoding="utf-8").lstrip().startswith("@") and work.work_id in saved.read_text(encoding="utf-8")

        page.locator(f'a.claim-link[href$="#claim-{citation.claim.claim_id}"]').first.click()
        page.wait_for_url(f"**/papers/{citation.paper}#claim-{citation.claim.claim_id}")
        claim = page.locator(f"#claim-{citation.claim.claim_id}")
        assert claim.is_visible() and citation.claim.text.split()[0] in claim.inner_text()
        page.screenshot(path=str(SHOTS / "3-paper.png"))
        marker = page.locator(f'a.cite[aria-describedby="popup-{citation.citation_id}"]')
        marker.focus()
        assert page.locator(f"#popup-{citation.citation_id}").is_visible()  # the reference shows on focus
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "4-paper-phone.png"))
        browser.close()
    assert refused == [], "the pages must work under their Content-Security-Policy"
    assert len(list(SHOTS.glob("*.png"))) >= 4
    shutil.copy(SHOTS / "2-work.png", tmp_path / "kept.png")


@pytest.mark.browser
def test_sign_in_upload_a_library_reject_a_merge_and_sign_out(refs_copy: Path, tmp_path: Path):
    """An editor's writes in a real browser; the rejection survives `refsvc build`; a form posted without its
    CSRF token is refused."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `bash scripts/test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    from refsvc import accounts
    from refsvc.cli import main as refsvc

    database = tmp_path / "lib.sqlite"
    assert refsvc(["--refs", str(refs_copy), "--db", str(database), "build"]) == 0
    accounts.add_user(accounts.path_for(database), "editor1", "a long enough password", "editor")
    library = tmp_path / "mine.bib"
    library.write_text("@book{tarn2019, author = {Tarnwood, Ilse}, title = {Salt Marshes of the Wadden Sea},\n"
                       " publisher = {Delta Press}, year = 2019}\n"
                       "@article{tarn2019b, author = {Tarnwood, Ilse}, title = {Salt Marshes of the Wadden Sea},\n"
                       " journal = {Coastal Review}, year = 2019, volume = 3}\n", encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serving(database, refs_copy) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        page.goto(base + "/")
        page.get_by_role("link", name="Sign in").click()
        page.get_by_label("Name").fill("editor1")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Import").click()
        page.get_by_label("Library file").set_input_files(str(library))
        page.get_by_role("button", name="Import").click()
        assert "2 entries read as utf-8" in page.get_by_role("status").inner_text()
        page.screenshot(path=str(SHOTS / "5-import.png"), full_page=True)
        page.get_by_role("link", name="See the works").click()
        page.get_by_role("searchbox").fill("Wadden")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/?q=*")
        page.locator("h2 a", has_text="Salt Marshes of the Wadden Sea").first.click()
        # the two records were merged into one work; the editor says they are not the same work
        page.get_by_role("button", name="Not the same work").first.click()
        page.wait_for_url("**#decisions")
        assert "editor1" in page.locator("#decisions").locator("..").inner_text()
        page.screenshot(path=str(SHOTS / "6-rejected.png"), full_page=True)
        page.get_by_role("button", name="Sign out editor1").click()
        assert page.get_by_role("link", name="Sign in").is_visible()
        # a form posted from elsewhere, without the session's token
        refused = page.request.post(base + "/import", form={"csrf": "forged"})
        assert refused.status == 403
        browser.close()
    assert refsvc(["--refs", str(refs_copy), "--db", str(database), "build"]) == 0
    with sqlite3.connect(database) as conn:
        works = dict(conn.execute("SELECT record_key, work_id FROM records WHERE record_key LIKE 'tarn2019%'"))
    assert works["tarn2019"] != works["tarn2019b"]
