"""Keeps the message catalogues (generator/locale/<lang>/LC_MESSAGES/gongshi.po) in step with the sources.

    python scripts/catalogue.py update [--drop-obsolete]   re-extract and merge into every catalogue
    python scripts/catalogue.py check                      exit 1 when a catalogue is incomplete or wrong
    python scripts/catalogue.py init <lang>                start the catalogue of a new language

Strings are extracted in-process with Babel, as babel.cfg says: `N_("…")`, `tr("…")` and
`tr.plural(singular, plural, n)` in generator/**.py, `_("…")` and `plural(singular, plural, n)` in
templates/**.html. The plural entries of generator/messages.py (`Plural(N_(singular), N_(plural), …)`) are
read from `MESSAGES` and written as msgid/msgid_plural pairs.

`update` keeps every translation, adds new strings untranslated (no fuzzy guesses), and keeps strings that
left the sources as obsolete (`#~`) entries for the translator to reuse, unless --drop-obsolete.
`check` lists, per catalogue: strings missing or untranslated, fuzzy entries, obsolete entries, entries that
are not in the sources any more, plural mismatches, and placeholders (`{name}`) that differ between the
source text and the translation.
"""

from __future__ import annotations

import ast
import io
import re
import string
import sys
import tokenize
import tomllib
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "babel.cfg"
LOCALE_DIR = REPO / "generator" / "locale"
DOMAIN = "gongshi"
# `words` is the content's translator where `tr` already names the command line's (cli_review.py).
KEYWORDS: dict[str, tuple[int, ...] | None] = {"N_": None, "tr": None, "words": None, "_": None, "plural": (1, 2)}
MESSAGES_FILE = "generator/messages.py"
ALSO_AVAILABLE = "also available: "  # in a translator comment: placeholders a translation may use besides the source's
PO_WIDTH = 0  # no wrapping: one line per msgid/msgstr, easy to grep and to diff


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def shown(path: Path) -> str:
    """`path` as messages show it: relative to the repository when inside it."""
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def catalogue_langs() -> list[str]:
    return sorted(p.name for p in LOCALE_DIR.iterdir() if catalogue_path(p.name).is_file()) if LOCALE_DIR.is_dir() else []


def _message_plurals() -> list[tuple[str, str]]:
    """The (singular, plural) source texts of every `Plural` in generator/messages.py."""
    from generator.messages import MESSAGES, Plural

    return [(entry.singular, entry.plural) for entry in MESSAGES.values() if isinstance(entry, Plural)]


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _comments(source: str, tags: Collection[str]) -> dict[int, str]:
    """Line number → text of each comment that starts with one of `tags` (e.g. "TRANSLATORS:")."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            text = token.string.lstrip("#").strip()
            if any(text.startswith(tag) for tag in tags):
                found[token.start[0]] = text
    return found


def extract_python(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
                   options: dict[str, Any]) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """A Babel extraction method for Python that reads the syntax tree, so that a call inside an f-string
    (`f"…{tr('（续）')}…"`) is found on every Python version (Babel's tokenizer misses those before 3.12).

    Yields `(line, keyword, positional string arguments (None when not a literal), translator comments)`;
    the comments are those tagged with `comment_tags` on the line of the call or on the lines just above."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    comments = _comments(source, comment_tags) if comment_tags else {}
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call) and _call_name(node) in keywords]
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args)
        notes, line = [], node.lineno
        if line in comments:
            notes.append(comments[line])
        while line - 1 in comments:
            line -= 1
            notes.insert(0, comments[line])
        # Parameters the call passes beyond those its source text shows (e.g. a month's name for English dates).
        try:
            in_text = set().union(*(placeholders(a) for a in args if a is not None))
        except ValueError:
            in_text = set()
        extra = sorted(k.arg for k in node.keywords if k.arg is not None and k.arg not in in_text)
        if extra and args and args[0] is not None:
            notes.append(ALSO_AVAILABLE + ", ".join(f"{{{name}}}" for name in extra))
        yield node.lineno, str(_call_name(node)), args, notes


def dynamic_messages() -> list[str]:
    """Calls of a keyword whose text is built at run time (an f-string, or strings joined with +): such a text
    cannot be in a catalogue, so it would never be translated."""
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _call_name(node) in KEYWORDS and node.args \
                    and isinstance(node.args[0], (ast.JoinedStr, ast.BinOp)):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:80]}: "
                             "the text is built at run time, so it cannot be translated")
    return found


def extract() -> Catalog:
    """Every translatable string of the sources, as a template catalogue (no translations)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # babel.cfg names this module's extractor as scripts.catalogue
    with CONFIG.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    template = Catalog(project="gongshi", domain=DOMAIN, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(REPO), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for singular, plural in _message_plurals():
        found = template.get(singular)
        locations = found.locations if found is not None else [(MESSAGES_FILE, 0)]
        template.add((singular, plural), None, locations)
        # `Plural(N_(singular), N_(plural))` also marked the plural form as a string of its own.
        other = template.get(plural)
        if plural != singular and other is not None and not other.pluralizable \
                and all(path == MESSAGES_FILE for path, _ in other.locations):
            template.delete(plural)
    return template


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, include_lineno=False)
    return buffer.getvalue()


def _read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN, abort_invalid=True)


def update(drop_obsolete: bool = False, langs: Iterable[str] | None = None) -> list[Path]:
    """Merges the sources into each catalogue; returns the files that changed."""
    template = extract()
    changed = []
    for lang in langs if langs is not None else catalogue_langs():
        path = catalogue_path(lang)
        catalog = _read(path, lang)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.project, catalog.version = "gongshi", _version()
        if drop_obsolete:
            catalog.obsolete.clear()
        data = _po_bytes(catalog)
        if data != path.read_bytes():
            path.write_bytes(data)
            changed.append(path)
    return changed


def _version() -> str:
    with (REPO / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def init(lang: str) -> Path:
    """A new, untranslated catalogue for `lang` (e.g. "fr"): every source string, with that language's plurals."""
    path = catalogue_path(lang)
    if path.exists():
        raise SystemExit(f"{shown(path)} already exists: run `update` instead")
    template = extract()
    catalog = Catalog(locale=lang, project="gongshi", version=_version(), domain=DOMAIN, charset="utf-8", fuzzy=False,
                      header_comment=f"# {lang} messages of gongshi (the source language is Chinese, zh-CN).\n"
                                     "# See scripts/catalogue.py: `update` adds new strings, `check` lists what is left.")
    for message in template:
        if message.id:
            catalog.add(message.id, None, message.locations, auto_comments=message.auto_comments, context=message.context)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_po_bytes(catalog))
    return path


# -- check -------------------------------------------------------------------------------------------------


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a str.format text (`{{` and `}}` are literal braces); ValueError when malformed."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _forms(message: Message) -> list[str]:
    if isinstance(message.string, (list, tuple)):
        return list(message.string)
    return [message.string or ""]


def _label(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    where = message.locations[0][0] if message.locations else "?"
    return f"{where}: {msgid!r}"


def entry_problems(message: Message, source: Message | None, num_plurals: int) -> list[str]:
    """What is wrong with one catalogue entry, `source` being the same string as extracted from the sources."""
    label = _label(message)
    if source is None:
        return [f"{label}: not in the sources any more (run `update`)"]
    problems = []
    if source.pluralizable != message.pluralizable:
        problems.append(f"{label}: {'a plural' if source.pluralizable else 'not a plural'} in the sources (run `update`)")
    forms = _forms(message)
    if message.pluralizable and len(forms) != num_plurals:
        problems.append(f"{label}: {len(forms)} plural forms, the language has {num_plurals}")
    if not all(forms):
        problems.append(f"{label}: untranslated")
    if message.fuzzy:
        problems.append(f"{label}: fuzzy (check the translation, then remove the fuzzy flag)")
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    try:
        wanted = set().union(*(placeholders(text) for text in ids))
    except ValueError as error:
        return [*problems, f"{label}: the source text is not a valid format string ({error})"]
    extra = also_available(source)
    for form in filter(None, forms):
        try:
            found = placeholders(form)
        except ValueError as error:
            problems.append(f"{label}: translation {form!r} is not a valid format string ({error})")
            continue
        # The translation uses exactly the source's placeholders; where the source declares more parameters
        # ("also available: {name}"), it may use those instead of (or besides) the source's own.
        if found != wanted and not (extra and found <= wanted | extra):
            also = f" (also available: {sorted(extra)})" if extra else ""
            problems.append(f"{label}: placeholders {sorted(found)} in {form!r}, the source has {sorted(wanted)}{also}")
    return problems


def also_available(message: Message) -> set[str]:
    """The placeholders that translator comments of `message` declare as available besides the source's."""
    found: set[str] = set()
    for comment in message.auto_comments:
        _, tag, rest = comment.partition(ALSO_AVAILABLE)
        if tag:
            found |= set(re.findall(r"\{(\w+)\}", rest))
    return found


def catalogue_problems(lang: str, template: Catalog | None = None) -> list[str]:
    """Everything `check` reports for one language's catalogue."""
    template = template if template is not None else extract()
    path = catalogue_path(lang)
    if not path.is_file():
        return [f"{lang}: no catalogue at {shown(path)}"]
    catalog = _read(path, lang)
    problems = []
    for source in template:
        if source.id and catalog.get(source.id[0] if source.pluralizable else source.id) is None:
            problems.append(f"{_label(source)}: missing from the catalogue (run `update`)")
    for message in catalog:
        if message.id:
            key = message.id[0] if message.pluralizable else message.id
            problems.extend(entry_problems(message, template.get(key), catalog.num_plurals))
    for message in catalog.obsolete.values():
        problems.append(f"{_label(message)}: obsolete entry (delete it, or run `update --drop-obsolete`)")
    return [f"{shown(path)}: {problem}" for problem in problems]


def check(langs: Iterable[str] | None = None) -> list[str]:
    template = extract()
    return dynamic_messages() + [problem for lang in (langs if langs is not None else catalogue_langs())
                                 for problem in catalogue_problems(lang, template)]


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "update" and set(args) <= {"--drop-obsolete"}:
        for path in update(drop_obsolete="--drop-obsolete" in args):
            print(f"updated {shown(path)}")
        return 0
    if command == "check" and not args:
        problems = check()
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s) in the catalogues", file=sys.stderr)
            return 1
        print("catalogues complete: " + ", ".join(catalogue_langs()))
        return 0
    if command == "init" and len(args) == 1:
        print(f"created {shown(init(args[0]))}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
