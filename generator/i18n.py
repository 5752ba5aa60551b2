"""Message catalogues. Each module keeps its own messages next to the code that raises them."""

from __future__ import annotations

from collections.abc import Mapping

SUPPORTED_LANGS = ("zh-CN", "en")


def normalise_lang(lang: str | None) -> str:
    if lang and lang.lower().startswith("en"):
        return "en"
    return "zh-CN"


class Messages:
    """A catalogue of `key -> (zh template, en template)`, formatted with str.format."""

    def __init__(self, catalogue: Mapping[str, tuple[str, str]]) -> None:
        self._catalogue = dict(catalogue)

    def __call__(self, lang: str, key: str, **values: object) -> str:
        zh, en = self._catalogue[key]
        template = en if normalise_lang(lang) == "en" else zh
        return template.format(**values)

    def keys(self) -> list[str]:
        return list(self._catalogue)
