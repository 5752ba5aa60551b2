"""`gongshi doctor`: what this machine has for building the site and its PDFs, and how to fix what is missing."""

from __future__ import annotations

import platform
import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__
from .errors import EnvironmentProblem
from .fonts import find_fonts, harfbuzz_subset_library
from .i18n import N_, Translator

WANTED = {"title": N_("方正小标宋"), "fangsong": N_("仿宋_GB2312"), "heiti": N_("黑体"), "kaiti": N_("楷体_GB2312"),
          "serif": N_("宋体"), "sans": N_("黑体")}
ROLES = {"sans": N_("晾晒表、报告单（黑体）"), "serif": N_("通报正文（宋体）"), "title": N_("公文标题（小标宋）"),
         "fangsong": N_("公文正文（仿宋_GB2312）"), "heiti": N_("公文一级标题（黑体）"), "kaiti": N_("公文二级标题（楷体）")}


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    ok: bool = True  # False: a problem the user should fix


def _package(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def diagnose(content_dir: Path | None, tr: Translator) -> list[Line]:
    lines = [Line("gongshi", __version__), Line("Python", platform.python_version())]
    weasyprint_version = _package("weasyprint")
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi: the real test)
        from weasyprint.text.ffi import pango

        lines.append(Line(tr("PDF 引擎 WeasyPrint"), weasyprint_version or "?"))
        number = pango.pango_version()
        lines.append(Line("Pango", f"{number // 10000}.{number // 100 % 100}.{number % 100}"))
    except (ImportError, OSError) as error:
        lines.append(Line(tr("PDF 引擎 WeasyPrint"), tr(
            "无法加载：{error}（需要 Pango：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0）", error=error), ok=False))
    subset = harfbuzz_subset_library()
    lines.append(Line(tr("HarfBuzz 字体子集化"), subset if subset else tr(
        "未安装：PDF 会慢得多（每个含中文的 PDF 要 15–20 秒）。请安装 libharfbuzz-subset0"), ok=bool(subset)))
    pdf_font = None
    root = content_dir or Path(".")
    if content_dir is not None and (content_dir / "site.toml").is_file():
        try:
            config = tomllib.loads((content_dir / "site.toml").read_text(encoding="utf-8-sig"))
            section = config.get("pdf", {})
            pdf_font = section.get("font") if isinstance(section, dict) else None
        except (OSError, ValueError):
            pdf_font = None
    try:
        fonts = find_fonts(pdf_font if isinstance(pdf_font, str) else None, root)
    except EnvironmentProblem as problem:
        lines.append(Line(tr("中文字体"), problem.message.text(tr), ok=False))
    else:
        lines.append(Line(tr("中文字体"), fonts.custom_file or tr("由 fontconfig 找到（site.toml 可用 pdf.font 指定字体文件）")))
        for role, face in fonts.faces():
            note = tr("（未安装{wanted}，以此代替）", wanted=tr(WANTED[role])) if face.fallback else ""
            files = tr("、").join(Path(f).name for f in face.files) if not fonts.custom_file else ""
            lines.append(Line("  " + tr(ROLES[role]), f"{face.family}{note} {files}".strip()))
    from .search import pagefind_executable

    executable = pagefind_executable()
    version_text = _package("pagefind_bin_extended") or _package("pagefind") or ""
    lines.append(Line(tr("搜索索引 Pagefind"), f"{version_text} {executable}".strip() if executable else
                      tr("未安装：pip install 'pagefind[extended]'"), ok=executable is not None))
    return lines


def summary(lines: list[Line], tr: Translator) -> str:
    problems = sum(1 for line in lines if not line.ok)
    return tr.plural("有 {n} 项需要处理。", "有 {n} 项需要处理。", problems) if problems else tr("一切就绪。")
