"""The command line: a thin layer over library functions. Only this module exits."""
from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from refsvc import __version__
from refsvc import (accounts, check, decisions, extract, formats, home, libraries, limits, papers, pipeline, report,
                    selection, store, textfile)
from refsvc.formats import csljson, styles
from refsvc.errors import InputError, ManifestError, RefsvcError
from refsvc.model import Paper, Source

DEFAULT_DB = str(home.DATABASE)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit status (0 ok, 1 bad input, 2 usage, 3 findings under --strict)."""
    args = _parser().parse_args(argv)
    # --refs and --db name the parts; --home names the folder that holds both and so outranks $REFSVC_REFS and
    # $REFSVC_DB, which outrank $REFSVC_HOME and the current folder.
    where = home.folder(args.home)
    args.refs = args.refs or (where / home.REFS if args.home else home.refs(where))
    args.db = args.db or (where / home.DATABASE if args.home else home.database(where))
    # What the library reports and goes on past (an entry a style could only print in a simpler form).
    logging.basicConfig(format="warning: %(message)s", level=logging.WARNING)
    try:
        if args.run not in (_init, _build):
            _upgrade(args)
        return args.run(args)
    except pipeline.BuildError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"refsvc: {e}", file=sys.stderr)
        return 1
    except RefsvcError as e:
        print(f"refsvc: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; say nothing more and let the shell carry on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="refsvc", description=__doc__)
    parser.add_argument("--version", action="version", version=f"refsvc {__version__}")
    parser.add_argument("--home", type=Path, default=None,
                        help="the library's folder, holding refs/ and instance/ (default: $REFSVC_HOME or .)")
    parser.add_argument("--refs", type=Path, default=None,
                        help="the source folder (default: $REFSVC_REFS or HOME/refs)")
    parser.add_argument("--db", type=Path, default=None,
                        help=f"the library file (default: $REFSVC_DB or HOME/{DEFAULT_DB})")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    p = commands.add_parser("init", help="make a library folder: refs/papers, refs/libraries, instance, README.md")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.set_defaults(run=_init)

    p = commands.add_parser("upgrade", help="rebuild the library from refs/ if an older refsvc wrote it (any command "
                                           "but build does this first); say which schema it has")
    p.set_defaults(run=_schema)

    p = commands.add_parser("extract", help="write refs/<paper>.bib from a paper's reference section")
    p.add_argument("papers", nargs="*", metavar="PAPER",
                   help="paper ids, or paper files listed in the manifest (default: all)")
    p.set_defaults(run=_extract)

    p = commands.add_parser("add", help="add a paper (plain text or PDF): manifest entry, extract, rebuild")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--id", dest="paper_id", help="the paper's id (default: first author's surname and the year)")
    p.add_argument("--title")
    p.add_argument("--author", action="append", dest="authors", metavar="NAME", help="an author (repeat for more)")
    p.add_argument("--year", type=int)
    p.add_argument("--style", choices=papers.STYLES, help="citation family (default: detected)")
    p.set_defaults(run=_add)

    p = commands.add_parser("build", help="build the SQLite library from refs/")
    p.add_argument("--strict", action="store_true", help="a library entry that cannot be read stops the build")
    p.set_defaults(run=_build)

    p = commands.add_parser("import", help="import BibTeX/BibLaTeX, RIS or CSL-JSON libraries into refs/libraries/ and rebuild")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--strict", action="store_true", help="any entry that cannot be read: import nothing")
    p.set_defaults(run=_import)

    for name, helptext in (("merge", "decide that two works (or records) are one work, and rebuild"),
                           ("reject", "decide that two works (or two records of one work) are different works"),
                           ("confirm", "confirm that two records the comparison merged are one work")):
        p = commands.add_parser(name, help=helptext)
        p.add_argument("left", metavar="A", help="a work id or a record key")
        p.add_argument("right", metavar="B", help="a work id or a record key")
        p.add_argument("--user", default=os.environ.get("REFSVC_USER") or getpass.getuser(),
                       help="who decides (default: $REFSVC_USER or the login name)")
        p.set_defaults(run=_decide, command=name)
    p = commands.add_parser("split", help="take records out of a work into a work of their own, and rebuild")
    p.add_argument("work", metavar="WORK")
    p.add_argument("keys", nargs="+", metavar="KEY")
    p.add_argument("--user", default=os.environ.get("REFSVC_USER") or getpass.getuser())
    p.set_defaults(run=_decide, command="split")
    p = commands.add_parser("decisions", help="list the decisions about works, oldest first")
    p.set_defaults(run=_decisions)

    p = commands.add_parser("user", help="accounts that may sign in (refsvc user add NAME)")
    p.add_argument("action", choices=["add"])
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", choices=accounts.ROLES, default="editor")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(run=_user)
    p = commands.add_parser("token", help="API tokens (refsvc token create NAME): printed once, kept hashed")
    p.add_argument("action", choices=["create"])
    p.add_argument("name", metavar="NAME")
    p.set_defaults(run=_token)

    p = commands.add_parser("dedupe", help="find duplicates in BibTeX/RIS/CSL-JSON files; nothing is stored")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true",
                   help='{"clusters": [[id, ...], ...], "possible": [[id, id, score], ...], "unreadable": [...]}')
    p.set_defaults(run=_dedupe)

    p = commands.add_parser("works", help="list the works as a table")
    p.set_defaults(run=_works)

    p = commands.add_parser("report", help="print the analysis")
    p.add_argument("--json", action="store_true", required=True, help="as JSON (the only form for now)")
    p.set_defaults(run=_report)

    p = commands.add_parser("check", help="integrity check: unresolved, uncited, ambiguous, conflicts ...")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--strict", action="store_true", help="exit with status 3 when anything is found")
    p.set_defaults(run=_check)

    p = commands.add_parser("export", help="export works as a bibliography or an exchange format")
    p.add_argument("--format", required=True, choices=sorted(formats.FORMATS), help="style or exchange format")
    p.add_argument("--paper", help="only the works this paper cites")
    p.add_argument("--query", help="only the works a search finds")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--html", action="store_true", help="styles: HTML with <i> for italics")
    output.add_argument("--rtf", action="store_true", help="styles: RTF a word processor pastes")
    output.add_argument("--json", action="store_true", help="styles: {work id: entry formatted alone}")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    p.set_defaults(run=_export)

    p = commands.add_parser("cite", help="print the citation form of one work")
    p.add_argument("work_id", metavar="WORK-ID")
    p.add_argument("--style", default="apa", choices=sorted(formats.STYLE_FORMATS))
    position = p.add_mutually_exclusive_group()
    position.add_argument("--subsequent", action="store_true", help="a subsequent (short) note rather than the first")
    position.add_argument("--ibid", action="store_true", help="the note right after its own (Ibid.)")
    p.add_argument("--html", action="store_true")
    p.set_defaults(run=_cite)

    p = commands.add_parser("format", help="format any CSL-JSON file in a citation style; prints {id: text}")
    p.add_argument("file", type=Path, metavar="FILE", help="CSL-JSON items (an array, or Zotero's {\"items\": []})")
    p.add_argument("--style", default="apa", metavar="STYLE",
                   help=f"{', '.join(styles.STYLES)}, or the name of any official CSL style (default: apa)")
    p.add_argument("--mode", default="entry", choices=styles.MODES)
    p.add_argument("--html", action="store_true")
    p.set_defaults(run=_format)

    p = commands.add_parser("parse", help="read printed references into CSL-JSON, BibTeX or RIS")
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="a reference list as text (- or none: standard input)")
    p.add_argument("--lines", action="store_true", help="exactly one reference per non-empty line")
    p.add_argument("--format", default="csl-json", choices=tuple(formats.EXCHANGE_FORMATS))
    p.set_defaults(run=_parse)

    p = commands.add_parser("serve", help="serve the library over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    p.set_defaults(run=_serve)
    return parser


def _extract(args: argparse.Namespace) -> int:
    listed = papers.load_papers(args.refs)
    known = {p.paper_id: p for p in listed}
    known.update({str((args.refs.parent / p.path).resolve()): p for p in listed})
    args.papers = [str(Path(a).resolve()) if Path(a).is_file() else a for a in args.papers]
    unknown = [p for p in args.papers if p not in known]
    if unknown:
        ids = ", ".join(p.paper_id for p in listed)
        raise RefsvcError(f"unknown paper(s): {', '.join(unknown)} (refs/papers/papers.json lists {ids})")
    for paper in [known[p] for p in args.papers] or listed:
        path, count, problems = extract.extract_paper(args.refs, paper)
        for problem in problems:
            print(f"warning: {problem}", file=sys.stderr)
        print(f"{path}: {count} entries, {len(problems)} warning(s)")
    return 0


def _add(args: argparse.Namespace) -> int:
    try:
        raw = args.file.read_bytes()
    except OSError as e:
        raise ManifestError(f"cannot read: {e.strerror or e}", source=Source(str(args.file), 0)) from e
    text = pipeline.paper_text(raw, str(args.file))
    guess = papers.guess(text)
    title = args.title or _ask("title", guess.get("title"))
    authors = args.authors or [a.strip() for a in _ask("authors (separated by ;)", "; ".join(
        guess.get("authors", []))).split(";") if a.strip()]  # type: ignore[arg-type]
    year = args.year or int(_ask("year", str(guess.get("year", ""))) or 0)
    paper_id = args.paper_id or papers.suggested_id(authors, year)
    entry: dict[str, object] = {"title": title, "authors": authors, "year": year}
    if args.style:
        entry["style"] = args.style
    with textfile.write_lock(args.refs):
        added = pipeline.add_paper(args.refs, args.db, text, str(args.file), paper_id, entry)
        _log(args, f"add {paper_id}")
    for problem in (*added.warnings, *added.build.warnings):
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{added.text_file}: paper {paper_id!r} added; {added.bib_file}: {added.entries} entries, "
          f"{len(added.warnings)} warning(s)")
    _summary(args, added.build)
    return 0


def _log(args: argparse.Namespace, what: str) -> None:
    """A write from the command line, in the log /activity shows, under the login name (or $REFSVC_USER)."""
    who = getattr(args, "user", None) or os.environ.get("REFSVC_USER") or getpass.getuser()
    accounts.log(accounts.path_for(args.db), f"{who} (command line)", what)


def _ask(what: str, guessed: object) -> str:
    """A value the paper did not give: the guess when there is one and nobody to ask, else asked for."""
    if not sys.stdin.isatty():
        if guessed:
            return str(guessed)
        raise ManifestError(f"cannot tell the paper's {what}: give it with --{what.split()[0].rstrip('s')}")
    answer = input(f"{what}{f' [{guessed}]' if guessed else ''}: ").strip()
    return answer or str(guessed or "")


def _import(args: argparse.Namespace) -> int:
    with textfile.write_lock(args.refs):
        done = [libraries.import_file(args.refs, path, strict=args.strict) for path in args.files]
        for item in done:
            for problem in item.problems:
                print(f"warning: {problem}", file=sys.stderr)
            said = f"{item.entries:,} entries read as {item.encoding}"
            print(f"{item.source}: {said}, {len(item.problems)} set aside or kept apart -> {item.target}"
                  if item.added else f"{item.source}: {said}; the same library is {item.target} already: nothing added")
        _log(args, "import " + ", ".join(str(item.source) for item in done))
        return _rebuild(args)


def _decide(args: argparse.Namespace) -> int:
    names = [args.work, *args.keys] if args.command == "split" else [args.left, args.right]
    with textfile.write_lock(args.refs):
        made, result = pipeline.decide(args.refs, args.db, args.user, args.command, *names)
        _log(args, f"{args.command} {' '.join(names)}")
    print(f"{args.command}: {made} decision(s) recorded in {decisions.path(args.refs)}")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _summary(args, result)
    return 0


def _user(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass(f"password for {args.name}: ")
    user = accounts.add_user(accounts.path_for(args.db), args.name, password, args.role)
    print(f"{user.name} ({user.role}) added to {accounts.path_for(args.db)}")
    return 0


def _token(args: argparse.Namespace) -> int:
    token = accounts.create_token(accounts.path_for(args.db), args.name)
    print(token)
    print(f"an API token for {args.name}: shown this once; send it as 'Authorization: Bearer <token>'", file=sys.stderr)
    return 0


def _dedupe(args: argparse.Namespace) -> int:
    found = pipeline.find_duplicates(args.files)
    if args.json:
        json.dump(found.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    groups = [c for c in found.clusters if len(c) > 1]
    for n, cluster in enumerate(groups, 1):
        print(f"{n:5}  {', '.join(cluster)}")
    for left, right, score in found.possible:
        print(f"possible  {left}  {right}  {score:.2f}")
    for item in found.unreadable:
        print(f"unreadable  {item['file']}:{item['line']}: {item['error']}", file=sys.stderr)
    records = sum(len(c) for c in found.clusters)
    print(f"{records} records -> {len(found.clusters)} works: {len(groups)} with duplicates, "
          f"{len(found.possible)} possible, {len(found.unreadable)} unreadable")
    return 0


def _decisions(args: argparse.Namespace) -> int:
    found = decisions.load(args.refs)
    for n, d in enumerate(found, 1):
        print(f"{n:4}  {d.when}  {d.who:12} {d.command or d.action:7} {d.action:9} {d.left}  {d.right}")
    print(f"{len(found)} decision(s)")
    return 0


def _build(args: argparse.Namespace) -> int:
    with textfile.write_lock(args.refs):
        return _rebuild(args)


def _rebuild(args: argparse.Namespace) -> int:
    """_build, for a caller that holds the write lock."""
    result = pipeline.build(args.refs, args.db, strict=args.strict)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _summary(args, result)
    return 0


def _summary(args: argparse.Namespace, result: pipeline.BuildResult) -> None:
    print(f"{args.db}: {result.papers} papers, {result.references} references -> {result.works} works "
          f"({result.merged} merged from several references), {result.citations} citations")


def _works(args: argparse.Namespace) -> int:
    with store.open_library(args.db) as conn:
        rows = store.work_rows(conn)
    print(f"{'work id':28} {'type':18} {'year':4} {'refs':>4}  authors / title")
    for row in rows:
        who = (row.authors or "-")[:30]
        print(f"{row.work_id:28} {row.type:18} {row.year or '':4} {row.references:>4}  {who} / {row.title[:60]}")
    print(f"{len(rows)} works")
    return 0


def _report(args: argparse.Namespace) -> int:
    with store.open_library(args.db) as conn:
        library = store.load(conn)
    json.dump(report.report(library), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def _check(args: argparse.Namespace) -> int:
    with store.open_library(args.db) as conn:
        library = store.load(conn)
        set_aside = store.set_aside(conn)
    findings = check.check(library, set_aside)
    if args.json:
        json.dump({"findings": [f.to_json() for f in findings], "checks": check.CHECKS}, sys.stdout,
                  ensure_ascii=False, indent=1)
        print()
    else:
        print(f"{'check':30} {'paper':18} {'where':26} why")
        for f in findings:
            print(f"{f.check:30} {f.paper:18} {f.where[:26]:26} {f.message}")
        counts = ", ".join(f"{n} {name}" for name, n in sorted(Counter(f.check for f in findings).items()))
        print(f"{len(findings)} finding(s){': ' + counts if counts else ''}")
    return 3 if args.strict and findings else 0


def _export(args: argparse.Namespace) -> int:
    fmt = formats.FORMATS[args.format]
    with store.open_library(args.db) as conn:
        items = selection.items(conn, paper=args.paper, query=args.query)
    if (args.html or args.rtf or args.json) and args.format not in formats.STYLE_FORMATS:
        raise RefsvcError(f"--html, --rtf and --json apply to styles, not to {args.format}")
    left_out: Sequence[str] = ()
    if args.json:
        alone = styles.formatted(items, fmt.style)
        text = json.dumps(dict(alone), ensure_ascii=False, indent=1) + "\n"
        left_out = alone.left_out
    elif args.format in formats.STYLE_FORMATS:
        text, left_out = fmt.render_reported(items, "html" if args.html else "rtf" if args.rtf else "text")
    else:
        text = fmt.render(items)
    if left_out:
        print(f"warning: {styles.left_out_message(fmt.style, left_out)}", file=sys.stderr)
    if args.output:
        textfile.write_atomic(args.output, text)
        print(f"{args.output}: {len(items)} works as {args.format}")
    else:
        sys.stdout.write(text)
    return 0


def _cite(args: argparse.Namespace) -> int:
    with store.open_library(args.db) as conn:
        (item,) = selection.items(conn, work_ids=[args.work_id])
    style = formats.STYLE_FORMATS[args.style].style
    position = "subsequent" if args.subsequent else "ibid" if args.ibid else "first"
    print(styles.citation(item, style, "html" if args.html else "text", position))
    return 0


def _format(args: argparse.Namespace) -> int:
    try:
        styles.check_style(args.style, bibliography=args.mode in ("entry", "bibliography"))
    except ValueError as e:
        raise InputError(str(e)) from None
    text = textfile.read(args.file, str(args.file), InputError, limits.MAX_BIB_BYTES)
    items = csljson.read(text, str(args.file))
    done = styles.formatted(items, args.style, args.mode, "html" if args.html else "text")
    json.dump(dict(done), sys.stdout, ensure_ascii=False, indent=1)
    print()
    if done.left_out:
        print(f"warning: {styles.left_out_message(args.style, done.left_out, str(args.file))}", file=sys.stderr)
    return 0


def _parse(args: argparse.Namespace) -> int:
    if args.file == "-":
        label, text = "<stdin>", textfile.decode(sys.stdin.buffer.read(limits.MAX_PAPER_BYTES + 1), "<stdin>",
                                                  RefsvcError, limits.MAX_PAPER_BYTES)
    else:
        label = args.file
        text = textfile.read(Path(args.file), label, RefsvcError, limits.MAX_PAPER_BYTES)
    items = pipeline.read_references(text, label, one_per_line=args.lines)
    if not items:
        raise RefsvcError(f"{label}: no references: the input is empty")
    for item in items:
        if item["custom"].get("unreadable"):
            print(f"warning: {label}:{item['id'][5:]}: nothing read from {item['custom']['raw'][:60]!r}", file=sys.stderr)
    sys.stdout.write(formats.FORMATS[args.format].render(items))
    return 0


def _upgrade(args: argparse.Namespace) -> None:
    """An older library file is rebuilt from refs/ before a command reads it (said on stderr)."""
    found = store.schema_of(args.db)
    if found is None or found[0] >= int(store.SCHEMA_VERSION) or not args.refs.is_dir():
        return  # the common case decided without the write lock
    with textfile.write_lock(args.refs):
        replaced = pipeline.upgrade(args.refs, args.db)
    if replaced:
        print(f"refsvc: {args.db} was written by {replaced[1]} (library schema {replaced[0]}): rebuilt from "
              f"{args.refs} for schema {store.SCHEMA_VERSION}", file=sys.stderr)


def _schema(args: argparse.Namespace) -> int:
    found = store.schema_of(args.db)
    print(f"{args.db}: " + (f"library schema {found[0]}, written by {found[1]}" if found else "no library yet"))
    return 0


def _init(args: argparse.Namespace) -> int:
    made = home.init(args.folder)
    names = ", ".join(str(p.relative_to(args.folder)) for p in made) or "nothing new"
    print(f"{args.folder}: a library folder ({names}); next: refsvc --home {args.folder} add PAPER … or "
          "import LIBRARY, then serve")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from refsvc.web import create_app

    with store.open_library(args.db):
        pass  # fail here, clearly, rather than on the first request
    create_app({"DATABASE": str(args.db), "REFS": str(args.refs)}).run(host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
