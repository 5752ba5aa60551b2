"""Finding a unit or an indicator by what a clerk wrote: id, name or short name, forgiving full-width forms
and white space, with suggestions when nothing matches."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import Message
from ..load.cells import squash
from .types import Indicator, Unit

_BRACKETED_UNIT = re.compile(r"\s*[（(【\[][^（）()【】\[\]]*[）)】\]]\s*$")
MAX_SUGGESTIONS_PER_FILE = 50  # difflib is linear in the names: suggestions stop after this many misses


def without_unit(text: str) -> str:
    """`招商引资到位资金（万元）` → `招商引资到位资金`."""
    return _BRACKETED_UNIT.sub("", text)


@dataclass(frozen=True)
class Lookup:
    """`silent`: names of rows that exist but were invalid (already reported), or everything when the
    whole table was unusable: a reference to them is not reported again, so one mistake gives one message."""

    by_key: dict[str, str]
    names: tuple[str, ...]
    silent: frozenset[str] = frozenset()
    all_silent: bool = False

    @classmethod
    def of(cls, items: Sequence[Unit] | Sequence[Indicator], silent: Iterable[str] = (),
           all_silent: bool = False) -> Lookup:
        by_key: dict[str, str] = {}
        for item in items:
            by_key.setdefault(item.id, item.id)
            by_key.setdefault(item.name, item.id)
            if isinstance(item, Unit) and item.short_name:
                by_key.setdefault(item.short_name, item.id)
        for item in items:
            by_key.setdefault(squash(item.name), item.id)
            by_key.setdefault(squash(item.id), item.id)
            if isinstance(item, Unit) and item.short_name:
                by_key.setdefault(squash(item.short_name), item.id)
        names = tuple([item.name for item in items] + [item.id for item in items])
        silent_names = frozenset(silent) | {squash(name) for name in silent}
        return cls(by_key, names, silent_names, all_silent)

    def find(self, text: str) -> str | None:
        """By id, exact name or short name, then ignoring full-width/half-width forms and white space."""
        return self.by_key.get(text) or self.by_key.get(text.strip()) or self.by_key.get(squash(text))

    def find_header(self, text: str) -> str | None:
        """Exactly, then after NFKC and removing white space, then without a bracketed unit of measure."""
        for candidate in (text, squash(text), squash(without_unit(text)), squash(without_unit(squash(text)))):
            if candidate in self.by_key:
                return self.by_key[candidate]
        return None

    def is_silent(self, text: str) -> bool:
        return self.all_silent or text in self.silent or squash(without_unit(text)) in self.silent

    def suggest(self, text: str) -> list[str]:
        return difflib.get_close_matches(text, self.names, n=3, cutoff=0.4)


class Suggester:
    """Hints for one file's unknown names, bounded so that a file of unknown names stays linear."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.left = MAX_SUGGESTIONS_PER_FILE

    def hint(self, text: str) -> Message | str:
        if self.left <= 0:
            return ""
        self.left -= 1
        names = self.lookup.suggest(without_unit(text))
        return Message.of("hint", names=tuple(names)) if names else ""
