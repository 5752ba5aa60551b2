"""`gongshi doctor`: what this machine has for building the site and its PDFs, and how to fix what is missing."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__
from .errors import EnvironmentProblem
from .fonts import find_fonts, harfbuzz_subset_library
from .i18n import Messages

_MSG = Messages(
    {
        "python": ("Python", "Python"),
        "gongshi": ("gongshi", "gongshi"),
        "weasyprint": ("PDF 引擎 WeasyPrint", "PDF engine WeasyPrint"),
        "weasyprint_broken": ("无法加载：{error}（需要 Pango：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0）",
                              "cannot be loaded: {error} (needs Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0)"),
        "pango": ("Pango", "Pango"),
        "harfbuzz": ("HarfBuzz 字体子集化", "HarfBuzz font subsetting"),
        "harfbuzz_missing": ("未安装：PDF 会慢得多（每个含中文的 PDF 要 15–20 秒）。请安装 libharfbuzz-subset0",
                             "missing: PDFs are much slower (15–20 s each with Chinese). Install libharfbuzz-subset0"),
        "fonts": ("中文字体", "CJK fonts"),
        "fontconfig": ("由 fontconfig 找到（site.toml 可用 pdf.font 指定字体文件）",
                       "found by fontconfig (pdf.font in site.toml may name a font file)"),
        "font_role": ("  {role}", "  {role}"),
        "fallback": ("（未安装{wanted}，以此代替）", " (stands in for {wanted}, not installed)"),
        "search": ("搜索索引 Pagefind", "Search indexer Pagefind"),
        "search_missing": ("未安装：pip install 'pagefind[extended]'", "missing: pip install 'pagefind[extended]'"),
        "ok": ("一切就绪。", "Everything is in place."),
        "problems": ("有 {n} 项需要处理。", "{n} thing(s) to fix."),
        "role_sans": ("晾晒表、报告单（黑体）", "boards, report cards (sans)"),
        "role_serif": ("通报正文（宋体）", "notice bodies (serif)"),
        "role_title": ("公文标题（小标宋）", "official titles (Xiaobiaosong)"),
        "role_fangsong": ("公文正文（仿宋_GB2312）", "official body (FangSong)"),
        "role_heiti": ("公文一级标题（黑体）", "official headings (Heiti)"),
        "role_kaiti": ("公文二级标题（楷体）", "official sub-headings (Kaiti)"),
    }
)

_WANTED = {"title": "方正小标宋", "fangsong": "仿宋_GB2312", "heiti": "黑体", "kaiti": "楷体_GB2312",
           "serif": "宋体", "sans": "黑体"}


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


def diagnose(content_dir: Path | None, lang: str = "zh-CN") -> list[Line]:
    m = lambda key, **values: _MSG(lang, key, **values)
    lines = [Line(m("gongshi"), __version__), Line(m("python"), platform.python_version())]

    weasyprint_version = _package("weasyprint")
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi: the real test)
        from weasyprint.text.ffi import pango

        lines.append(Line(m("weasyprint"), weasyprint_version or "?"))
        number = pango.pango_version()
        lines.append(Line(m("pango"), f"{number // 10000}.{number // 100 % 100}.{number % 100}"))
    except Exception as error:  # noqa: BLE001  (OSError from cffi, ImportError, …: all mean "cannot load")
        lines.append(Line(m("weasyprint"), m("weasyprint_broken", error=error), ok=False))

    subset = harfbuzz_subset_library()
    lines.append(Line(m("harfbuzz"), subset if subset else m("harfbuzz_missing"), ok=bool(subset)))

    pdf_font = None
    root = content_dir or Path(".")
    if content_dir is not None and (content_dir / "site.toml").is_file():
        try:
            import tomllib

            config = tomllib.loads((content_dir / "site.toml").read_text(encoding="utf-8-sig"))
            pdf_font = config.get("pdf", {}).get("font")
        except (OSError, ValueError):
            pdf_font = None
    try:
        fonts = find_fonts(pdf_font, root, lang)
    except EnvironmentProblem as problem:
        lines.append(Line(m("fonts"), str(problem), ok=False))
    else:
        lines.append(Line(m("fonts"), fonts.custom_file or m("fontconfig")))
        for role, face in fonts.faces():
            note = m("fallback", wanted=_WANTED[role]) if face.fallback else ""
            files = "、".join(Path(f).name for f in face.files) if not fonts.custom_file else ""
            lines.append(Line(m("font_role", role=m(f"role_{role}")), f"{face.family}{note} {files}".strip()))

    try:
        from .search import pagefind_executable

        executable = pagefind_executable()
    except ImportError:
        executable = None
    version_text = _package("pagefind_bin_extended") or _package("pagefind") or ""
    lines.append(Line(m("search"), f"{version_text} {executable}".strip() if executable else m("search_missing"),
                      ok=executable is not None))
    return lines


def summary(lines: list[Line], lang: str = "zh-CN") -> str:
    problems = sum(1 for line in lines if not line.ok)
    return _MSG(lang, "problems", n=problems) if problems else _MSG(lang, "ok")
