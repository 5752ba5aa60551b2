"""Words and tables of the review commands, in the site's language: what the terminal, the review sheet and
the whatif report show of a diff, of moves and of the data checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import N_, Translator
from ..rules.checks import CheckReport, Finding
from .compare import BoardChange, Counts, field_names, field_text
from .states import BoardState, RowState

if TYPE_CHECKING:
    from .diff import Diff

CHECK_TITLES = {
    "range": N_("原始值超出指标的合理范围（indicators.csv 的 min/max）"),
    "score_move": N_("综合得分与上一期相比变动过大"),
    "rank_move": N_("名次与上一期相比变动过大"),
    "copied": N_("本期数值与上一期重复（疑似复制了文件）"),
    "dropped": N_("上一期参加排名、本期未参评的单位"),
    "file_rank": N_("文件自带的排名/名次列与计算结果不符"),
    "weights": N_("类别权重合计不等于 1"),
    "constant": N_("某项指标所有单位的数值相同"),
    "markup": N_("通报中不会显示的图片、链接或 HTML 标签"),
}


def check_title(check: str, tr: Translator) -> str:
    return tr(CHECK_TITLES[check])


@dataclass(frozen=True)
class CheckLine:
    check: str
    title: str
    result: str  # 通过 / n 条警告 / …
    passed: bool


def check_lines(report: CheckReport, tr: Translator) -> list[CheckLine]:
    """Per check, what it found: passed, warnings, errors, accepted, or not run."""
    lines = []
    for check, level, warnings, errors, accepted in report.summary():
        parts = []
        if level == "off":
            parts.append(tr("未启用"))
        if errors:
            parts.append(tr.plural("{n} 条错误", "{n} 条错误", errors))
        if warnings:
            parts.append(tr.plural("{n} 条警告", "{n} 条警告", warnings))
        if accepted:
            parts.append(tr.plural("{n} 条已确认", "{n} 条已确认", accepted))
        if level != "off" and not (errors or warnings):
            parts.insert(0, tr("通过"))
        lines.append(CheckLine(check, check_title(check, tr), tr("，").join(parts), level != "off" and not (errors or warnings)))
    return lines


def accepted_text(finding: Finding, reason: str, tr: Translator) -> str:
    return tr("{warning}（已确认：{reason}）", warning=finding.text(tr), reason=reason)


def checks_summary(report: CheckReport, tr: Translator) -> str:
    warnings, accepted = len(report.warnings), len(report.accepted)
    if warnings:
        return tr.plural("数据检查：{n} 条警告，{accepted} 条已确认。警告不会阻止生成；核实无误的，"
                         "可在 site.toml 的 [checks] accept 中逐条写明理由。",
                         "数据检查：{n} 条警告，{accepted} 条已确认。警告不会阻止生成；核实无误的，"
                         "可在 site.toml 的 [checks] accept 中逐条写明理由。", warnings, accepted=accepted)
    return tr("数据检查通过：没有警告（{accepted} 条已确认）。", accepted=accepted)


# -- boards ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CellView:
    old: str
    new: str
    changed: bool
    old_tier: int | None = None  # position of the tier (site.css t0, t1, …), for tier cells
    new_tier: int | None = None
    old_shape: str = ""
    new_shape: str = ""


@dataclass(frozen=True)
class RowView:
    key: str
    name: str
    cells: tuple[CellView, ...]
    status: str  # "changed" | "same" | "added" | "removed"
    note: str = ""


@dataclass(frozen=True)
class BoardView:
    period: str
    board: str
    title: str
    status: str  # "changed" | "added" | "removed"
    status_text: str
    fields: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[RowView, ...]
    summary: str
    style: str = ""


def _cell(old: RowState | None, new: RowState | None, name: str, change: BoardChange, tr: Translator) -> CellView:
    old_text = field_text(old, name, change.old, tr) if old is not None else "—"
    new_text = field_text(new, name, change.new, tr) if new is not None else "—"
    changed = old is not None and new is not None and getattr(old, name) != getattr(new, name)

    def position(board: BoardState | None, row: RowState | None) -> int | None:
        return board.position(row.tier) if board is not None and row is not None and name == "tier" else None

    def shape(board: BoardState | None, row: RowState | None) -> str:
        return board.shape(row.tier) if board is not None and row is not None and name == "tier" else ""

    return CellView(old_text, new_text, changed, position(change.old, old), position(change.new, new),
                    shape(change.old, old), shape(change.new, new))


def board_view(change: BoardChange, fields: Sequence[str], tr: Translator, every_row: bool = False,
               summary: str = "") -> BoardView:
    """The board's changed rows (every row, when `every_row`: side by side), then rows added and removed."""
    fields = ("rank", "out_of", "tier") if change.kind == "standings" else tuple(fields)
    names = field_names(tr)
    rows: list[RowView] = []
    changed = {c.key: c for c in change.changes}
    if every_row and change.new is not None and change.old is not None:
        for key, row in change.new.rows.items():
            old = change.old.rows.get(key)
            if old is None:
                continue
            rows.append(RowView(key, row.name, tuple(_cell(old, row, f, change, tr) for f in fields),
                                "changed" if key in changed else "same"))
    else:
        for item in change.changes:
            rows.append(RowView(item.key, item.name, tuple(_cell(item.old, item.new, f, change, tr) for f in fields),
                                "changed"))
    for row in change.added:
        rows.append(RowView(row.key, row.name, tuple(_cell(None, row, f, change, tr) for f in fields), "added",
                            tr("新增") if change.status == "changed" else ""))
    for row in change.removed:
        rows.append(RowView(row.key, row.name, tuple(_cell(row, None, f, change, tr) for f in fields), "removed",
                            tr("移出") if change.status == "changed" else ""))
    status = {"changed": tr("有变化"), "added": tr("新发布"), "removed": tr("不再发布")}[change.status]
    board = change.new or change.old
    return BoardView(change.period, change.board, change.title, change.status, status, fields,
                     tuple(names[f] for f in fields), tuple(rows), summary, board.style if board else "")


def diff_board_summary(change: BoardChange, tr: Translator) -> str:
    if change.status == "added":
        return tr.plural("新发布，{n} 行", "新发布，{n} 行", len(change.added))
    if change.status == "removed":
        return tr.plural("不再发布，原有 {n} 行", "不再发布，原有 {n} 行", len(change.removed))
    parts = [tr.plural("{n} 行有变化", "{n} 行有变化", len(change.changes))] if change.changes else []
    if change.added:
        parts.append(tr.plural("新增 {n} 个单位", "新增 {n} 个单位", len(change.added)))
    if change.removed:
        parts.append(tr.plural("移出 {n} 个单位", "移出 {n} 个单位", len(change.removed)))
    return tr("，").join(parts)


def counts_text(counts: Counts, tr: Translator) -> str:
    """"12 个单位名次变化；3 个失去“优秀”…" for one board."""
    parts = []
    if counts.rank:
        parts.append(tr.plural("{n} 个单位名次变化", "{n} 个单位名次变化", counts.rank))
    if counts.tier:
        parts.append(tr.plural("{n} 个单位档次变化（升 {up}、降 {down}）", "{n} 个单位档次变化（升 {up}、降 {down}）",
                               counts.tier, up=counts.tier_up, down=counts.tier_down))
    for grade, n in counts.grades_lost:
        parts.append(tr.plural("{n} 个失去“{grade}”", "{n} 个失去“{grade}”", n, grade=grade))
    for grade, n in counts.grades_gained:
        parts.append(tr.plural("{n} 个得到“{grade}”", "{n} 个得到“{grade}”", n, grade=grade))
    for label, n in counts.flags_lost:
        parts.append(tr.plural("{n} 个不再“{flag}”", "{n} 个不再“{flag}”", n, flag=label))
    for label, n in counts.flags_gained:
        parts.append(tr.plural("{n} 个新增“{flag}”", "{n} 个新增“{flag}”", n, flag=label))
    return tr("；").join(parts)


# -- the diff in sentences -------------------------------------------------------------------------
def diff_lines(result: Diff, tr: Translator) -> list[str]:
    """What the diff found, one sentence per topic: boards, notices, frozen years, files, the site itself."""
    lines = []
    if result.first:
        lines.append(tr("{site} 还没有发布过网站：以下全部按新发布列出。", site=result.site.path))
    if result.site.altered:
        lines.append(tr("注意：已发布网站上的 {files} 与它的 manifest.json 不符，可能在服务器上被改动过，请核实。",
                        files=tr("、").join(result.site.altered)))
    boards = result.boards
    if boards:
        rows = sum(len(b.changes) for b in boards)
        lines.append(tr("晾晒表：{boards} 张有变化，其中 {rows} 行的得分、名次、档次、等次或结果运用变化，新发布 {added} 张，"
                        "不再发布 {removed} 张。", boards=len(boards), rows=rows,
                        added=sum(b.status == "added" for b in boards), removed=sum(b.status == "removed" for b in boards)))
    else:
        lines.append(tr("晾晒表：没有变化。"))
    notices = result.notices
    if not notices.known:
        lines.append(tr("已发布的网站没有 data/notices.json（由较早的版本生成）：通报公告只能按页面比较新增和撤下，"
                        "无法比较内容。"))
    if notices.any:
        lines.append(tr("通报公告：新增 {added} 篇，修改 {changed} 篇，撤下 {withdrawn} 篇。", added=len(notices.added),
                        changed=len(notices.changed), withdrawn=len(notices.withdrawn)))
    else:
        lines.append(tr("通报公告：没有变化（页面上印的发布日期不算变化）。"))
    for frozen in result.frozen:
        if frozen.differing:
            lines.append(tr("{year} 年度已归档，但已发布网站上的 {files} 与归档不同：请核实服务器上的文件。", year=frozen.year,
                            files=tr("、").join(frozen.differing)))
        elif frozen.compared:
            lines.append(tr("{year} 年度已归档（校验值 {checksum}），没有变化：已发布网站上该年度的 {n} 个文件（数据和 PDF）"
                            "与归档逐字节相同。",
                            year=frozen.year, checksum=frozen.checksum[:16], n=len(frozen.compared)))
        else:
            lines.append(tr("{year} 年度已归档（校验值 {checksum}），其文件将首次发布。", year=frozen.year,
                            checksum=frozen.checksum[:16]))
    if not result.frozen:
        lines.append(tr("没有已归档的年度。"))
    if result.files is not None:
        files = result.files
        lines.append(tr("要发布的网站 {built}：共 {total} 个文件（新增 {added}，修改 {changed}，不变 {same}），"
                        "删除 {removed} 个；manifest.json 的 SHA-256 为 {sha}。", built=files.built, total=len(files.files) + 1,
                        added=len(files.of("added")), changed=len(files.of("changed")), same=len(files.of("same")),
                        removed=len(files.removed), sha=files.manifest_sha256))
    lines.append(tr("发布后，已发布的网站会有上述变化。") if result.changed else tr("与已发布的网站相比，没有任何数据变化。"))
    return lines
