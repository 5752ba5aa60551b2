"""Fonts for the PDFs: a CJK font found through fontconfig, or the font file named by `pdf.font`.

Looked up once, before anything is rendered, so that a machine without a Chinese font fails with a
message saying how to fix it instead of printing boxes (豆腐块).
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import EnvironmentProblem

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2")

# Families tried in order for each role; the first one installed wins. GB/T 9704 asks for 小标宋 titles and
# 仿宋_GB2312 body text; most machines outside government offices have neither, hence the free fallbacks.
SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "思源黑体", "思源黑体 CN",
        "WenQuanYi Micro Hei", "文泉驿微米黑", "WenQuanYi Zen Hei", "文泉驿正黑", "Microsoft YaHei", "微软雅黑",
        "SimHei", "黑体")
SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "思源宋体", "思源宋体 CN",
         "AR PL UMing CN", "SimSun", "宋体", "NSimSun")
TITLE = ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "方正小标宋")
FANGSONG = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong")
HEITI = ("黑体", "SimHei")
KAITI = ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti")

CUSTOM_FAMILY = "Gongshi Custom"


@dataclass(frozen=True)
class FontFace:
    """One family as the PDFs use it: its name in CSS, and the files behind it (for the cache key)."""

    family: str
    files: tuple[str, ...]
    fallback: bool = False  # True when the preferred family was not installed and this one stands in


@dataclass(frozen=True)
class Fonts:
    sans: FontFace  # boards, report cards, headings
    serif: FontFace  # notice bodies
    title: FontFace  # 公文 title (小标宋)
    fangsong: FontFace  # 公文 body (仿宋)
    heiti: FontFace  # 公文 first-level headings (黑体)
    kaiti: FontFace  # 公文 second-level headings (楷体)
    custom_file: str | None = None  # pdf.font, loaded with @font-face

    def faces(self) -> tuple[tuple[str, FontFace], ...]:
        return (("sans", self.sans), ("serif", self.serif), ("title", self.title), ("fangsong", self.fangsong),
                ("heiti", self.heiti), ("kaiti", self.kaiti))

    def identity(self) -> list[object]:
        """What identifies these fonts for the PDF cache: families, and each file's path, size and mtime."""
        files = sorted({f for _, face in self.faces() for f in face.files} | ({self.custom_file} if self.custom_file else set()))
        return [[role, face.family] for role, face in self.faces()] + [list(_file_identity(f)) for f in files]

    def css(self) -> str:
        """@font-face (for pdf.font) and the custom properties the print stylesheet uses."""
        lines = []
        if self.custom_file:
            url = Path(self.custom_file).resolve().as_uri()
            for weight in ("normal", "bold"):
                lines.append(f"@font-face {{ font-family: {css_string(CUSTOM_FAMILY)}; src: url({css_string(url)}); "
                             f"font-weight: {weight}; }}")
        lines.append(":root {")
        for role, face in self.faces():
            lines.append(f"  --font-{role}: {css_string(face.family)};")
        lines.append("}")
        return "\n".join(lines) + "\n"


def css_string(text: str) -> str:
    """`text` as a quoted CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _file_identity(path: str) -> tuple[str, int, int]:
    try:
        stat = os.stat(path)
        return path, stat.st_size, stat.st_mtime_ns
    except OSError:
        return path, -1, -1


def _fc_list(pattern: str) -> list[tuple[str, str]]:
    """(family, file) of every font matching a fontconfig pattern. Raises FileNotFoundError without fc-list."""
    result = subprocess.run(
        ["fc-list", pattern, "-f", "%{family}\t%{file}\n"],
        capture_output=True, text=True, check=False, timeout=60,
    )
    fonts = []
    for line in result.stdout.splitlines():
        families, _, file = line.partition("\t")
        for family in families.split(","):
            if family.strip() and file:
                fonts.append((family.strip(), file))
    return sorted(set(fonts))


def _pick(preferred: tuple[str, ...], installed: dict[str, list[str]], fallback: FontFace | None) -> FontFace:
    for family in preferred:
        if family in installed:
            return FontFace(family, tuple(sorted(installed[family])))
    if fallback is None:
        family = min(installed)
        return FontFace(family, tuple(sorted(installed[family])), fallback=True)
    return FontFace(fallback.family, fallback.files, fallback=True)


def find_fonts(pdf_font: str | None, content_root: Path) -> Fonts:
    """The fonts for the PDFs, or EnvironmentProblem saying how to get one."""
    if pdf_font:
        path = Path(pdf_font).expanduser()
        if not path.is_absolute():
            path = content_root / path
        if not path.is_file():
            raise EnvironmentProblem("env.font_file_missing", path=str(path))
        if path.suffix.lower() not in FONT_SUFFIXES:
            raise EnvironmentProblem("env.font_file_kind", path=str(path))
        face = FontFace(CUSTOM_FAMILY, (str(path.resolve()),))
        return Fonts(face, face, face, face, face, face, custom_file=str(path.resolve()))
    try:
        cjk = _fc_list(":lang=zh")
    except FileNotFoundError:
        raise EnvironmentProblem("env.no_fontconfig") from None
    installed: dict[str, list[str]] = {}
    for family, file in cjk:
        installed.setdefault(family, []).append(file)
    if not installed:
        raise EnvironmentProblem("env.no_cjk")
    # Without a listed sans family, a listed (Simplified Chinese) serif stands in before any other CJK family,
    # which may be a Hong Kong or Japanese variant with other glyph forms.
    listed_serif = _pick(SERIF, installed, None)
    sans = _pick(SANS, installed, None if listed_serif.fallback else listed_serif)
    serif = _pick(SERIF, installed, sans)
    return Fonts(
        sans=sans,
        serif=serif,
        title=_pick(TITLE, installed, serif),
        fangsong=_pick(FANGSONG, installed, serif),
        heiti=_pick(HEITI, installed, sans),
        kaiti=_pick(KAITI, installed, serif),
    )


def harfbuzz_subset_library() -> str | None:
    """The HarfBuzz subsetting library WeasyPrint uses to subset fonts quickly, if installed."""
    return ctypes.util.find_library("harfbuzz-subset")


def fonts_identity() -> str:
    """The CJK fonts fontconfig offers, for fingerprinting a build (a font installed or removed counts)."""
    try:
        found = _fc_list(":lang=zh")
    except (FileNotFoundError, OSError):
        return ""
    return "\n".join(sorted(f"{family}\t{path}" for family, path in found))
