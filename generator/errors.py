"""Typed, user-facing errors. Every problem names a place the user can find in their own files."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at `file:row:column`.

    `row` is the row number as the spreadsheet shows it (header = row 1), or the line of a text
    file; 0 when the problem concerns the whole file. `column` is the header text (with the
    column letter for XLSX, e.g. "C 招商引资"), or a key path for TOML/front matter; "" when none.
    """

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


class GongshiError(Exception):
    """Base of every error the CLI prints without a traceback."""

    exit_code = 1


@dataclass
class ContentError(GongshiError):
    """The content project is invalid: one or more problems, all found in one pass."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(GongshiError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class EnvironmentProblem(GongshiError):
    """Something outside the content is missing, e.g. a CJK font (exit 1)."""


class ProblemCollector:
    """Collects problems across a whole stage so that the user sees all of them at once."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, file: str, row: int, column: str, message: str) -> None:
        self._problems.append(Problem(file, row, column, message))

    def extend(self, problems: list[Problem]) -> None:
        self._problems.extend(problems)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    def raise_if_any(self) -> None:
        if self._problems:
            # Stable order: by file, then row, so that output is reproducible.
            unique = sorted(set(self._problems), key=lambda p: (p.file, p.row, p.column, p.message))
            raise ContentError(unique)
