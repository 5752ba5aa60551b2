"""Jinja2 for HTML pages: autoescaped, StrictUndefined, user overrides first, links always relative.

Templates translate with `_("中文 {name}", name=…)` and `plural(singular, plural, n)`: the words come from
the catalogue, the parameters are escaped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..errors import ContentError
from ..i18n import Translator
from ..load.files import read_inside
from ..resources import templates_dir
from .format import change_text, fixed, plain, signed, word_breaks
from .views import value_cells, web_row


class ContentTemplates(FileSystemLoader):
    """The content's own template overrides, read with the content's rules: a link that leads outside the
    content folder is refused (it would publish any file of the machine in every page)."""

    def __init__(self, content_root: Path) -> None:
        super().__init__(str(content_root / "templates"), followlinks=False)
        self.content_root = content_root

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        data, problems = read_inside(self.content_root, Path(filename))
        if problems:
            raise ContentError(problems)
        return (data.decode("utf-8") if data is not None else source), filename, uptodate


def template_folders(content_root: Path | None) -> list[Path]:
    folders = []
    if content_root is not None and (content_root / "templates").is_dir() and not (content_root / "templates").is_symlink():
        folders.append(content_root / "templates")
    folders.append(templates_dir())
    return folders


def environment(content_root: Path | None, tr: Translator, cache: Path | None = None) -> Environment:
    bytecode = None
    if cache is not None:
        # Compiled templates, kept between builds (Jinja checks each against its source).
        from jinja2 import FileSystemBytecodeCache

        (cache / "templates").mkdir(parents=True, exist_ok=True)
        bytecode = FileSystemBytecodeCache(str(cache / "templates"))
    env = Environment(
        bytecode_cache=bytecode,
        loader=ChoiceLoader([ContentTemplates(content_root) if content_root is not None and folder != templates_dir()
                             else FileSystemLoader(str(folder), followlinks=False) for folder in template_folders(content_root)]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )

    plain_texts: dict[str, Markup] = {}

    def gettext(message: str, **params: Any) -> Markup:
        if params:
            return Markup(escape(tr(message))).format(**params)
        if message not in plain_texts:
            plain_texts[message] = Markup(escape(tr(message)))
        return plain_texts[message]

    def ngettext(singular: str, plural_form: str, n: int, **params: Any) -> Markup:
        return Markup(escape(tr.plural(singular, plural_form, n, **{k: "{" + k + "}" for k in params}))).format(**params) \
            if params else Markup(escape(tr.plural(singular, plural_form, n)))

    def link(href: str, text: str) -> Markup:
        """A link, escaped, to put into a translated sentence as one of its parameters."""
        return Markup('<a href="{}">{}</a>').format(href, text)

    env.globals.update(_=gettext, plural=ngettext, link=link, change_text=change_text, fixed=fixed, plain=plain, signed=signed,
                       value_cells=value_cells, web_row=web_row, na=tr("不适用"))
    env.filters["wbr"] = word_breaks
    return env


def templates_digest(env: Environment, prefix: str = "") -> str:
    """A digest of the templates under `prefix` that the environment can load (user overrides included); for
    the pages (prefix ""), the PDF templates and static assets are left out: pages do not read them."""
    hasher = hashlib.sha256()
    assert env.loader is not None
    for name in sorted(env.loader.list_templates()):
        if not name.startswith(prefix) or (not prefix and name.startswith(("static/", "pdf/"))):
            continue
        source, _, _ = env.loader.get_source(env, name)
        hasher.update(name.encode() + b"\0" + source.encode() + b"\0")
    return hasher.hexdigest()


# What follows extends/include/import/from in a tag (parsing every template to find out costs more than
# compiling it).
_REFERENCE = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\s+(.+?)\s*"
                        r"(?:\bimport\b.*?|\bas\b.*?|\bwith context\b|\bignore missing\b)?\s*[-+]?%\}", re.S)
_LITERAL = re.compile(r"[\"']([^\"']+)[\"']")


class TemplateClosures:
    """template name -> a digest of its source and of every template it extends, includes or imports (so that
    editing a template re-renders only the pages that use it), and the names of those templates."""

    def __init__(self, env: Environment) -> None:
        assert env.loader is not None
        self.env, self.loader = env, env.loader
        self.sources: dict[str, str] = {}
        self.references: dict[str, set[str]] = {}
        self.closures: dict[str, tuple[str, ...]] = {}
        self.digests: dict[str, str] = {}

    def _source(self, name: str) -> str:
        if name not in self.sources:
            text, _, _ = self.loader.get_source(self.env, name)
            self.sources[name] = text
            tags = _REFERENCE.findall(text)
            # A name computed at render time could be any template: then the page depends on them all.
            literal = [_LITERAL.fullmatch(tag) for tag in tags]
            self.references[name] = set(self.loader.list_templates()) if not all(literal) \
                else {m.group(1) for m in literal if m is not None}
        return self.sources[name]

    def members(self, name: str) -> tuple[str, ...]:
        """`name` and every template it uses, directly or not, sorted."""
        if name not in self.closures:
            seen: set[str] = set()
            todo = [name]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    self._source(current)
                    todo.extend(self.references[current])
            self.closures[name] = tuple(sorted(seen))
        return self.closures[name]

    def __call__(self, name: str) -> str:
        if name not in self.digests:
            hasher = hashlib.sha256()
            for item in self.members(name):
                hasher.update(item.encode() + b"\0" + self.sources[item].encode() + b"\0")
            self.digests[name] = hasher.hexdigest()
        return self.digests[name]

    def compile_used(self) -> None:
        """Compile every template of the pages seen so far, once, here: worker processes forked afterwards
        share the compiled code instead of each compiling its own."""
        for name in sorted({member for closure in self.closures.values() for member in closure}):
            self.env.get_template(name)


def relative_root(page_path: str) -> str:
    """The prefix that leads from `page_path` back to the site's root ("" or "../../")."""
    return "../" * page_path.count("/")


def render_page(env: Environment, template: str, page_path: str, **context: Any) -> str:
    return env.get_template(template).render(root=relative_root(page_path), page_path=page_path, **context)
