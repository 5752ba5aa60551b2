"""Message catalogues (gettext, with Babel): Chinese source strings, one `.po` file per other language.

Every string a reader or a clerk sees is written in Chinese where it is used (`N_("…")` in Python,
`_("…")` in templates) and translated at one edge, when it is shown, through `Translator`. Adding a
language is adding `generator/locale/<lang>/LC_MESSAGES/gongshi.po` (see the README). Placeholders are
`{name}` (str.format) everywhere, in Python and in templates alike.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

SOURCE_LANG = "zh-CN"
DOMAIN = "gongshi"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Marks `message` for the catalogue; it is translated where it is shown."""
    return message


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def available_langs() -> tuple[str, ...]:
    """The source language, then every language that has a catalogue."""
    others = sorted(p.name for p in LOCALE_DIR.iterdir() if catalogue_path(p.name).is_file()) \
        if LOCALE_DIR.is_dir() else []
    return (SOURCE_LANG, *others)


def normalise_lang(lang: str | None) -> str:
    """A language this program speaks: `en-GB` → `en`; anything unknown → the source language."""
    if not lang:
        return SOURCE_LANG
    langs = available_langs()
    for candidate in (lang, lang.split("-")[0].split("_")[0].lower()):
        if candidate in langs:
            return candidate
    return SOURCE_LANG


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`, read from its `.po` file (compiled in memory: no `.mo` to keep in step)."""
    lang = normalise_lang(lang)
    if lang == SOURCE_LANG:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang.replace("-", "_"), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translator:
    """`tr("源文 {x}", x=1)` → the message in this translator's language, with its placeholders filled."""

    def __init__(self, lang: str | None) -> None:
        self.lang = normalise_lang(lang)
        self._catalogue = translations(self.lang)

    @property
    def english(self) -> bool:
        return self.lang.startswith("en")

    def __call__(self, message: str, **params: object) -> str:
        text = self._catalogue.gettext(message)
        return text.format(**params) if params else text

    def plural(self, singular: str, plural: str, n: int, **params: object) -> str:
        """`n` selects the plural form (Chinese has one, English two); `{n}` is available to the text."""
        return self._catalogue.ngettext(singular, plural, n).format(n=n, **params)
