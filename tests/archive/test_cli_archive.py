"""`gongshi archive freeze | verify | errata` (cli_archive.py), run as a clerk runs them: through
`cli_common.run` in this process, and once as a real program. The freeze here makes the year's PDFs as PDF/A."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from tests.cli_support import Cli, in_process
from tests.pdf.helpers import text_of
from tests.support import REPO, RESULTS_2025, SITE_TOML, make_content

GONGSHI = REPO / ".venv" / "bin" / "gongshi"
RESULTS_2024 = RESULTS_2025.replace("乙局,80", "乙局,85")  # another year, other numbers


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return in_process(tmp_path, monkeypatch, capsys, columns=None)


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with 2024 frozen by the real program (PDF/A included), made once; tests work on copies."""
    root = make_content(tmp_path_factory.mktemp("cli-archive") / "content", {"results/2024.csv": RESULTS_2024})
    done = subprocess.run([str(GONGSHI), "archive", "freeze", "2024", str(root), "--today", "2025-01-20"], capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}, check=False)
    # 9 files: site.toml, units.csv, indicators.csv and results/2024.csv as inputs; rules.toml; results/2024.json;
    # snapshot.json; the board and the book of 2024 as PDF/A.
    assert (done.returncode, done.stdout.splitlines(), done.stderr) == (
        0, [f"已归档 2024 年度：{root / 'archive' / '2024'}（9 个文件，BagIt 格式，可用 bagit 工具校验）"], "")
    return root


@pytest.fixture
def content(frozen: Path, tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(frozen, root)
    return root


def test_freeze_writes_the_years_pdfs_as_pdf_a(frozen: Path) -> None:
    pdfs = frozen / "archive" / "2024" / "data" / "pdf"
    assert sorted(p.name for p in pdfs.iterdir()) == ["board-2024.pdf", "year-2024.pdf"]
    for pdf in pdfs.iterdir():
        xmp = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="U"' in xmp
    assert "2024年度综合考核晾晒表" in text_of(pdfs / "board-2024.pdf")


def test_freezing_again_the_same_year_is_needless(cli: Cli, content: Path) -> None:
    # The PDFs are made again and compared too: the same content gives the same PDF/A bytes.
    result = cli("archive", "freeze", "2024", content, "--today", "2025-01-20")
    assert (result.code, result.errors) == (1, ["2024 年度已经归档，且与现有数据一致，无需重新归档"])


def test_freezing_after_a_change_needs_force(cli: Cli, content: Path) -> None:
    make_content(content, {"site.toml": SITE_TOML.replace('title = "测试区考核结果公示"', 'title = "测试区考核结果"'),
                           "results/2024.csv": RESULTS_2024})
    result = cli("archive", "freeze", "2024", content, "--today", "2025-01-21")
    # The site's title is printed on both PDFs; the rules and numbers are the same.
    assert (result.code, result.errors) == (1, ["2024 年度已经归档。重新归档会改变以下文件（如确需重新归档，请加 --force）：",
                                                "  修改 data/inputs/site.toml", "  修改 data/pdf/board-2024.pdf",
                                                "  修改 data/pdf/year-2024.pdf"])
    result = cli("archive", "freeze", "2024", content, "--force", "--today", "2025-01-21")
    assert (result.code, result.lines) == (0, [f"已重新归档 2024 年度：{content / 'archive' / '2024'}"])
    assert cli("archive", "verify", content).lines == ["2024 年度归档完好"]


def test_verify_errata_and_a_build_that_shows_them(cli: Cli, content: Path, tmp_path: Path) -> None:
    assert (cli("archive", "verify", content).code, cli("archive", "verify", content).lines) == (0, ["2024 年度归档完好"])
    result = cli("archive", "errata", "2024", content, "--what", "乙局2024年度综合得分", "--old", "86.83", "--new", "86.38",
                 "--reason", "录入时两位数字颠倒", "--unit", "b", "--period", "2024", "--today", "2025-03-01")
    assert (result.code, result.lines) == (0, ["已在 2024 年度归档中登记第 1 条勘误；归档校验仍然通过"])
    assert cli("archive", "verify", content).lines == ["2024 年度归档完好"]
    site = tmp_path / "site"
    result = cli("build", content, "-o", site, "--jobs", "1", "--today", "2025-11-30")
    assert result.code == 0, result.err
    archived = content / "archive" / "2024" / "data" / "pdf"
    for name in ("board-2024.pdf", "year-2024.pdf"):  # the frozen year's PDFs are the archive's, byte for byte
        assert (site / "pdf" / name).read_bytes() == (archived / name).read_bytes(), name
    errata = text_of(site / "pdf" / "year-2024-errata.pdf")
    assert "2024年度考核结果汇编勘误表" in errata
    assert "乙局2024年度综合得分" in errata and "86.83" in errata and "86.38" in errata and "录入时两位数字颠倒" in errata
    board = (site / "periods" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "勘误（2025-03-01）：乙局2024年度综合得分 原公布 86.83，更正为 86.38" in board
    assert "86.38" in (site / "units" / "b" / "index.html").read_text(encoding="utf-8")  # --unit b: on its page too


def test_a_tampered_bag_fails_verify_and_refuses_errata(cli: Cli, content: Path) -> None:
    (content / "archive" / "2024" / "data" / "rules.toml").write_text("tampered\n", encoding="utf-8")
    result = cli("archive", "verify", content)
    assert (result.code, result.errors) == (1, ["2024 年度归档有 1 处问题：",
                                                "  archive/2024/data/rules.toml: 已被改动（校验值不符）"])
    result = cli("archive", "errata", "2024", content, "--what", "x", "--old", "1", "--new", "2", "--reason", "r",
                 "--today", "2025-03-01")
    assert (result.code, result.errors) == (1, [
        "2024 年度归档已被改动，不能登记勘误（否则改动会被掩盖）。请先从备份恢复归档：",
        "  archive/2024/data/rules.toml: 已被改动（校验值不符）"])
    assert not (content / "archive" / "2024" / "errata.json").exists()


@pytest.mark.parametrize(("extra", "code", "lines"), [
    (["--unit", "zz"], 2, ["找不到单位“zz”（应为 units.csv 或归档中的单位 id）"]),
    (["--period", "2025-01"], 2, ["期次“2025-01”不属于 2024 年度"]),
    (["--reason", "经核实（联系人 13812345678）"], 2,
     ["疑似手机号“13812345678”：公开信息中不得出现完整手机号，请遮蔽（如 138****1234）"]),
])
def test_errata_are_checked_before_they_are_recorded(cli: Cli, content: Path, extra: list[str], code: int,
                                                     lines: list[str]) -> None:
    options = {"--what": "乙局2024年度综合得分", "--old": "1", "--new": "2", "--reason": "录入错误"}
    for i in range(0, len(extra), 2):
        options[extra[i]] = extra[i + 1]
    args = [a for pair in options.items() for a in pair]
    result = cli("archive", "errata", "2024", content, *args, "--today", "2025-03-01")
    assert (result.code, result.errors) == (code, lines)
    assert not (content / "archive" / "2024" / "errata.json").exists()


def test_errata_of_a_year_not_frozen(cli: Cli, content: Path) -> None:
    result = cli("archive", "errata", "2025", content, "--what", "x", "--old", "1", "--new", "2", "--reason", "r")
    assert (result.code, result.errors) == (1, ["2025 年度尚未归档：请先运行 gongshi archive freeze 2025"])
    result = cli("archive", "errata", "24", content, "--what", "x", "--old", "1", "--new", "2", "--reason", "r")
    assert (result.code, result.errors) == (2, ["“24”不是年度（应为四位数字，如 2025）"])


def test_verify_without_archives_and_freeze_without_data(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    assert (cli("archive", "verify", content).code, cli("archive", "verify", content).lines) == (0, ["没有已归档的年度"])
    result = cli("archive", "freeze", "2019", content, "--today", "2025-01-20")
    assert (result.code, result.errors) == (1, ["2019 年度没有任何考核数据，无法归档"])
    result = cli("archive", "freeze", "2O24", content)
    assert (result.code, result.errors) == (2, ["“2O24”不是年度（应为四位数字，如 2025）"])


def test_an_english_site_verifies_in_english(cli: Cli, content: Path) -> None:
    toml = content / "archive" / "2024" / "data" / "inputs" / "site.toml"  # the archive keeps its own copy
    make_content(content, {"site.toml": SITE_TOML.replace("[site]\n", '[site]\nlang = "en"\n'), "results/2024.csv": RESULTS_2024})
    assert 'lang = "en"' not in toml.read_text(encoding="utf-8")
    assert cli("archive", "verify", content).lines == ["2024: the archive is intact"]
    (content / "archive" / "2024" / "data" / "extra.txt").write_text("x", encoding="utf-8")
    result = cli("archive", "verify", content)
    assert (result.code, result.errors) == (1, ["2024: 1 problem in the archive:",
                                                "  archive/2024/data/extra.txt: added (not in the manifest)"])
