"""Fonts for the PDFs (generator/fonts.py), against real fontconfig: the machine's own fonts, and folders of
our own (FONTCONFIG_FILE) holding only some of them or none, as on a bare server."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest

from generator.build import build
from generator.errors import EnvironmentProblem
from generator.fonts import (
    CUSTOM_FAMILY,
    SANS,
    SERIF,
    FontFace,
    Fonts,
    css_string,
    find_fonts,
    fonts_identity,
    harfbuzz_subset_library,
)
from generator.i18n import Translator
from tests.pdf.helpers import render_one
from tests.support import SITE_TOML, make_content

ZH = Translator("zh-CN")
NOTO = Path("/usr/share/fonts/opentype/noto")


def installed_families() -> set[str]:
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def only_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *files: Path) -> None:
    """Point fontconfig at a folder holding only `files` (links to the real font files)."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    for file in files:
        (folder / file.name).symlink_to(file)
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / "fc-cache"}</cachedir>'
                      "</fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))


def test_the_machines_fonts_are_picked_by_preference(tmp_path: Path) -> None:
    families = installed_families()
    fonts = find_fonts(None, tmp_path)
    assert fonts.sans.family == next(f for f in SANS if f in families)
    assert fonts.serif.family == next(f for f in SERIF if f in families)
    assert not fonts.sans.fallback and not fonts.serif.fallback
    assert fonts.sans.files and all(Path(f).is_file() for f in fonts.sans.files)
    # 方正小标宋 and 仿宋_GB2312 are rarely installed: then the serif stands in, and says so.
    if "方正小标宋简体" not in families:
        assert (fonts.title.family, fonts.title.fallback) == (fonts.serif.family, True)
    assert fonts.custom_file is None


def test_only_a_serif_cjk_font_serves_every_role_in_its_simplified_chinese_variant(tmp_path: Path,
                                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    only_fonts(tmp_path, monkeypatch, NOTO / "NotoSerifCJK-Regular.ttc")
    fonts = find_fonts(None, tmp_path)
    # The file holds Noto Serif CJK SC, TC, HK, JP and KR; none is a listed sans family, so the listed serif
    # (SC) stands in — not the first name in alphabetical order, "Noto Serif CJK HK" (Hong Kong glyph forms).
    assert {role: (face.family, face.fallback) for role, face in fonts.faces()} == {
        "sans": ("Noto Serif CJK SC", True), "serif": ("Noto Serif CJK SC", False), "title": ("Noto Serif CJK SC", True),
        "fangsong": ("Noto Serif CJK SC", True), "heiti": ("Noto Serif CJK SC", True), "kaiti": ("Noto Serif CJK SC", True)}


def test_only_a_sans_cjk_font_stands_in_for_the_serif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    only_fonts(tmp_path, monkeypatch, NOTO / "NotoSansCJK-Regular.ttc")
    fonts = find_fonts(None, tmp_path)
    assert (fonts.sans.family, fonts.sans.fallback) == ("Noto Sans CJK SC", False)
    assert (fonts.serif.family, fonts.serif.fallback) == ("Noto Sans CJK SC", True)


NO_CJK = ("没有找到中文字体，PDF 中的汉字会显示成方框。"
          "请安装 Debian 软件包 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk），"
          "或在 site.toml 的 [pdf] 中用 font = \"字体文件路径\" 指定一个中文字体文件（pdf.font，.ttf/.otf/.ttc）；"
          "也可以用 --no-pdf 只生成网站。")


def test_no_cjk_font_is_a_clear_error_and_the_build_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    only_fonts(tmp_path, monkeypatch, Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    with pytest.raises(EnvironmentProblem) as caught:
        find_fonts(None, tmp_path)
    assert caught.value.lines(ZH) == [NO_CJK]
    content = make_content(tmp_path / "content")
    with pytest.raises(EnvironmentProblem) as caught:
        build(content, tmp_path / "site", date(2025, 11, 30), jobs=1)
    assert caught.value.lines(ZH) == [NO_CJK]
    assert not (tmp_path / "site").exists()
    build(content, tmp_path / "site", date(2025, 11, 30), pdf=False)  # the site alone needs no font
    assert (tmp_path / "site" / "index.html").is_file()


def test_without_fontconfig_the_error_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list on the PATH
    with pytest.raises(EnvironmentProblem) as caught:
        find_fonts(None, tmp_path)
    assert caught.value.lines(ZH) == [
        "找不到 fontconfig 的 fc-list 命令，无法查找中文字体。请安装 Debian 软件包 fontconfig 和 fonts-noto-cjk，"
        "或在 site.toml 的 [pdf] 中用 font = \"字体文件路径\" 指定中文字体文件（pdf.font）。"]
    assert fonts_identity() == ""  # a fingerprint without fonts, not an error


def test_a_missing_font_file_names_the_path_it_looked_at(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentProblem) as caught:
        find_fonts("fonts/nope.ttf", tmp_path)  # relative to the content folder
    assert caught.value.lines(ZH) == [
        f"site.toml 的 pdf.font 指定的字体文件不存在：{tmp_path / 'fonts' / 'nope.ttf'}。"
        "请改成正确的路径（相对于内容目录或绝对路径），"
        "或删除这一项以使用系统中文字体（Debian 软件包 fonts-noto-cjk）。"]


def test_a_font_file_must_be_a_font(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("not a font", encoding="utf-8")
    with pytest.raises(EnvironmentProblem) as caught:
        find_fonts("readme.txt", tmp_path)
    assert caught.value.lines(ZH) == [f"site.toml 的 pdf.font 应是字体文件（.ttf、.otf、.ttc、.otc）：{tmp_path / 'readme.txt'}"]


def test_a_font_file_named_in_site_toml_is_loaded_and_embedded(tmp_path: Path) -> None:
    font = tmp_path / "content" / "fonts" / "mine.ttc"
    font.parent.mkdir(parents=True)
    font.symlink_to(NOTO / "NotoSansCJK-Regular.ttc")
    fonts = find_fonts("fonts/mine.ttc", tmp_path / "content")
    assert fonts.custom_file == str(font.resolve())
    assert all(face.family == CUSTOM_FAMILY for _, face in fonts.faces())
    assert f'src: url("{font.resolve().as_uri()}"); font-weight: normal;' in fonts.css()
    content = make_content(tmp_path / "content", {"site.toml": SITE_TOML + '\n[pdf]\nfont = "fonts/mine.ttc"\n'})
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(render_one(content, "pdf/board-2025.pdf", date(2025, 11, 30)))
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert listing and all(line.split()[-5:-3] == ["yes", "yes"] for line in listing)
    assert "甲局" in pypdf.PdfReader(str(pdf)).pages[0].extract_text()


def test_the_fonts_identity_changes_with_the_font_files(tmp_path: Path) -> None:
    fonts = find_fonts(None, tmp_path)
    identity = fonts.identity()
    assert ["sans", fonts.sans.family] in identity
    path = fonts.sans.files[0]
    assert [path, Path(path).stat().st_size, Path(path).stat().st_mtime_ns] in identity
    assert f"{fonts.sans.family}\t" in fonts_identity()


def test_a_vanished_font_file_has_an_identity_too(tmp_path: Path) -> None:
    face = FontFace("Gone", (str(tmp_path / "gone.ttf"),))
    fonts = Fonts(face, face, face, face, face, face)
    assert [str(tmp_path / "gone.ttf"), -1, -1] in fonts.identity()  # a cache miss later, not an error now


def test_css_strings_are_quoted_safely() -> None:
    assert css_string('A "B"\\C\nD') == '"A \\"B\\"\\\\C D"'


def test_harfbuzz_subsetting_is_available() -> None:
    # Without it every CJK PDF takes 15–20 s (doctor says so); this machine must have it.
    assert harfbuzz_subset_library() == "libharfbuzz-subset.so.0"
