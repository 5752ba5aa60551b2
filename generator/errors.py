"""Typed, user-facing errors. A problem names a place the user can find in their own files and carries a
message code with its parameters; the words are chosen at one edge (`describe`), in the site's language."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from .i18n import Translator
from .messages import MESSAGES, Plural


@dataclass(frozen=True, order=True)
class Message:
    """A message code and its parameters (values may be messages themselves, or tuples of names)."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **params: object) -> Message:
        if code not in MESSAGES:
            raise KeyError(code)
        # A value read from a user's file may be a list or a table (YAML, TOML): its text, so that problems
        # stay hashable and comparable whatever they quote.
        return cls(code, tuple(sorted((key, str(value) if isinstance(value, (list, dict, set)) else value)
                                      for key, value in params.items())))

    def text(self, tr: Translator) -> str:
        entry = MESSAGES[self.code]
        values = {key: _param_text(value, tr) for key, value in self.params}
        if isinstance(entry, Plural):
            count = values[entry.count]
            return tr.plural(entry.singular, entry.plural, int(count) if isinstance(count, (int, str)) else 0,
                             **values)
        return tr(entry, **values)


def _param_text(value: object, tr: Translator) -> object:
    if isinstance(value, Message):
        return value.text(tr)
    if isinstance(value, tuple):
        # A list of names: quoted and joined as the language writes lists.
        return tr("、").join(tr("“{name}”", name=_param_text(item, tr)) for item in value)
    return value


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at `file:row:column`.

    `row` is the row as the spreadsheet shows it (header = row 1) or the line of a text file; 0 when the
    problem concerns the whole file. `column` is the header text (with the column letter for XLSX, e.g.
    "C 招商引资"), or a key path for TOML/front matter; "" when none."""

    file: str
    row: int
    column: str
    message: Message

    @classmethod
    def at(cls, file: str, row: int, column: str, code: str, **params: object) -> Problem:
        return cls(file, row, column, Message.of(code, **params))

    @property
    def code(self) -> str:
        return self.message.code

    def location(self) -> str:
        """`file:row:column`, leaving out what is not known (`file` alone for a whole file)."""
        parts = [visible(self.file)]
        if self.row:
            parts.append(str(self.row))
        if self.column:
            parts.append(visible(self.column))
        return ":".join(parts)

    def text(self, tr: Translator) -> str:
        return f"{self.location()}: {self.message_text(tr)}"

    def message_text(self, tr: Translator) -> str:
        """The message, on one line whatever the user's text holds (a problem is one line of output)."""
        return _visible_message(self.message).text(tr)

    def as_dict(self, tr: Translator) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "column": self.column, "code": self.code,
                "message": self.message_text(tr)}


# Control characters (a line break in a file name, a terminal escape sequence in a cell) and the bidirectional
# overrides that reorder what a terminal shows: written as escapes, so that a message is one honest line.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with control characters and bidirectional overrides shown as escapes (\\n, \\x1b, \\u202e)."""
    if text.isprintable():
        return text
    return _INVISIBLE.sub(lambda m: repr(m.group(0))[1:-1], text)


def _visible_message(message: Message) -> Message:
    def value(item: object) -> object:
        if isinstance(item, str):
            return visible(item)
        if isinstance(item, Message):
            return _visible_message(item)
        if isinstance(item, tuple):
            return tuple(value(part) for part in item)
        return item

    return Message(message.code, tuple((key, value(item)) for key, item in message.params))


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, by file, row and column, so that output is reproducible (a hostile file can give a
    million: the costly comparison of parameters is made only between problems at the same place)."""
    def place(problem: Problem) -> tuple[str, int, str, str]:
        return problem.file, problem.row, problem.column, problem.message.code

    ordered = sorted(dict.fromkeys(problems), key=place)  # Timsort: one pass over a list already in order
    result: list[Problem] = []
    for _, same in groupby(ordered, key=place):
        group = list(same)
        # The parameters decide only between problems of one code at one place (rare): compared only there.
        result.extend(sorted(group, key=lambda p: _order(p.message)) if len(group) > 1 else group)
    return result


def _order(message: Message) -> tuple[object, ...]:
    """A sort key of a message whose parameters may mix numbers and text (5 and "x" for the same key)."""
    def value(item: object) -> tuple[object, ...]:
        if isinstance(item, bool) or not isinstance(item, (int, float, Decimal)):
            return (2, _order(item)) if isinstance(item, Message) else (1, str(item))
        return (0, item)

    return (message.code, tuple((key, value(item)) for key, item in message.params))


class GongshiError(Exception):
    """Base of every error the CLI prints without a traceback (exit 1 unless said otherwise)."""

    exit_code = 1

    def __init__(self, code: str, **params: object) -> None:
        self.message = Message.of(code, **params)
        super().__init__(code)

    def lines(self, tr: Translator) -> list[str]:
        return [self.message.text(tr)]


@dataclass
class ContentError(GongshiError):
    """The content project is invalid: one or more problems, all found in one pass."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.problems = sorted_problems(self.problems)
        self.message = Message.of("problems_found", count=len(self.problems))
        shown = self.problems[:20]  # what a traceback would show (GONGSHI_DEBUG): the first problems
        Exception.__init__(self, "\n".join(f"{p.location()}: {p.code}" for p in shown))

    def lines(self, tr: Translator) -> list[str]:
        """Every problem, but no more than MAX_OF_A_KIND of one kind in one file: 900,000 rows that repeat the
        same unit are one mistake, and a clerk reads the first lines and a count, not a million lines."""
        shown: dict[tuple[str, str], int] = {}
        lines = []
        for problem in self.problems:
            kind = (problem.file, problem.code)
            shown[kind] = shown.get(kind, 0) + 1
            if shown[kind] <= MAX_OF_A_KIND:
                lines.append(problem.text(tr))
        for (file, _), count in shown.items():
            if count > MAX_OF_A_KIND:
                lines.append(Message.of("problems_more", file=file, count=count - MAX_OF_A_KIND).text(tr))
        return lines


MAX_OF_A_KIND = 20  # problems of one code in one file printed before the rest are counted


class UsageError(GongshiError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class EnvironmentProblem(GongshiError):
    """Something outside the content is missing, e.g. a CJK font (exit 1)."""


class UnsafeOutput(GongshiError):
    """The output folder would overwrite something gongshi did not build (exit 2)."""

    exit_code = 2


def describe(error: GongshiError, tr: Translator) -> list[str]:
    """The lines that tell a clerk what went wrong (the one place where errors become words)."""
    return error.lines(tr)


def problem_texts(problems: Iterable[Problem], tr: Translator) -> list[str]:
    return [problem.text(tr) for problem in sorted_problems(problems)]


def params_of(message: Message) -> Mapping[str, object]:
    return dict(message.params)
