"""`gongshi doctor` (doctor.py): what this machine has for building the site and its PDFs, and how to fix
what is missing — on this machine as it is, with a font file named wrongly, and with no CJK font at all."""

from __future__ import annotations

import ctypes
import platform
import re
import subprocess
from pathlib import Path

import pytest

from generator import __version__
from generator.cli import make_app
from generator.cli_common import run
from generator.doctor import Line, diagnose, summary
from generator.fonts import find_fonts
from generator.i18n import Translator
from tests.support import REPO, SITE_TOML, make_content

ZH, EN = Translator("zh-CN"), Translator("en")
LABELS = ["gongshi", "Python", "PDF 引擎 WeasyPrint", "Pango", "HarfBuzz 字体子集化", "中文字体",
          "  晾晒表、报告单（黑体）", "  通报正文（宋体）", "  公文标题（小标宋）", "  公文正文（仿宋_GB2312）",
          "  公文一级标题（黑体）", "  公文二级标题（楷体）", "搜索索引 Pagefind"]


def pango_version() -> str:
    library = ctypes.CDLL("libpango-1.0.so.0")
    library.pango_version_string.restype = ctypes.c_char_p
    return library.pango_version_string().decode()


def no_cjk_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "DejaVuSans.ttf").symlink_to("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    config = tmp_path / "fonts.conf"
    config.write_text(f"<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / 'fc'}</cachedir></fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))


def test_this_machine_is_ready(tmp_path: Path) -> None:
    lines = diagnose(make_content(tmp_path / "content"), ZH)
    assert [line.label for line in lines] == LABELS
    assert all(line.ok for line in lines)
    values = {line.label: line.value for line in lines}
    assert values["gongshi"] == __version__ and values["Python"] == platform.python_version()
    assert values["PDF 引擎 WeasyPrint"] == "70.0"  # pinned in pyproject.toml
    assert values["Pango"] == pango_version()
    assert values["HarfBuzz 字体子集化"] == "libharfbuzz-subset.so.0"
    assert values["中文字体"] == "由 fontconfig 找到（site.toml 可用 pdf.font 指定字体文件）"
    fonts = find_fonts(None, tmp_path)
    files = "、".join(Path(f).name for f in fonts.sans.files)
    assert values["  晾晒表、报告单（黑体）"] == f"{fonts.sans.family} {files}"
    if fonts.title.fallback:  # 方正小标宋 is not installed here: the stand-in says so
        serif_files = "、".join(Path(f).name for f in fonts.serif.files)
        assert values["  公文标题（小标宋）"] == f"{fonts.serif.family}（未安装方正小标宋，以此代替） {serif_files}"
    assert re.fullmatch(r"1\.5\.2 /\S+/pagefind_extended", values["搜索索引 Pagefind"])  # pinned: pagefind[extended]==1.5.2
    assert summary(lines, ZH) == "一切就绪。" and summary(lines, EN) == "Everything is in place."


def test_a_wrong_font_file_in_site_toml_is_a_line_to_fix(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"site.toml": SITE_TOML + '\n[pdf]\nfont = "fonts/方正仿宋.ttf"\n'})
    lines = diagnose(content, ZH)
    bad = [line for line in lines if not line.ok]
    assert bad == [Line("中文字体", f"site.toml 的 pdf.font 指定的字体文件不存在：{content / 'fonts' / '方正仿宋.ttf'}。"
                                    "请改成正确的路径（相对于内容目录或绝对路径），"
                                    "或删除这一项以使用系统中文字体（Debian 软件包 fonts-noto-cjk）。", ok=False)]
    assert "  晾晒表、报告单（黑体）" not in [line.label for line in lines]  # no fonts to list
    assert summary(lines, ZH) == "有 1 项需要处理。" and summary(lines, EN) == "1 thing to fix."


def test_a_custom_font_file_is_named(tmp_path: Path) -> None:
    font = tmp_path / "content" / "mine.ttc"
    content = make_content(tmp_path / "content", {"site.toml": SITE_TOML + '\n[pdf]\nfont = "mine.ttc"\n'})
    font.symlink_to("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    values = {line.label: line.value for line in diagnose(content, ZH)}
    assert values["中文字体"] == str(font.resolve())
    assert values["  晾晒表、报告单（黑体）"] == "Gongshi Custom"  # the file itself, no family names to list


def test_an_unreadable_site_toml_is_not_the_doctors_business(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"site.toml": "[pdf\nfont = "})
    assert all(line.ok for line in diagnose(content, ZH))  # validate reports site.toml; doctor checks the machine


def test_without_cjk_fonts_the_doctor_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_cjk_fonts(tmp_path, monkeypatch)
    lines = diagnose(None, ZH)
    assert [(line.label, line.ok) for line in lines if not line.ok] == [("中文字体", False)]
    assert next(line.value for line in lines if not line.ok).startswith(
        "没有找到中文字体，PDF 中的汉字会显示成方框。请安装 Debian 软件包 fonts-noto-cjk")


def rows(output: str) -> list[list[str]]:
    """The doctor's table: mark, label, value per line (columns are separated by two spaces or more)."""
    return [re.split(r"\s{2,}", line.strip(), maxsplit=2) for line in output.splitlines() if line[:1] in "✓✗"]


def test_the_doctor_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "250")
    capsys.readouterr()
    assert run(make_app, ["doctor", str(make_content(tmp_path / "content"))]) == 0
    out = capsys.readouterr().out
    table = rows(out)
    assert [row[0] for row in table] == ["✓"] * len(LABELS)
    assert table[0] == ["✓", "gongshi", __version__] and table[2] == ["✓", "PDF 引擎 WeasyPrint", "70.0"]
    assert out.splitlines()[-1] == "一切就绪。"
    no_cjk_fonts(tmp_path, monkeypatch)
    assert run(make_app, ["doctor", "nowhere"]) == 1  # a content folder that is not there: the machine only
    out = capsys.readouterr().out
    assert [row[:2] for row in rows(out) if row[0] == "✗"] == [["✗", "中文字体"]]
    assert out.splitlines()[-1] == "有 1 项需要处理。"


def test_the_doctor_as_a_program(tmp_path: Path) -> None:
    done = subprocess.run([str(REPO / ".venv" / "bin" / "gongshi"), "doctor"], capture_output=True, text=True, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8", "COLUMNS": "250"}, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[-1] == "Everything is in place."
