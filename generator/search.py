"""Full-text search: Pagefind (extended, with Chinese word segmentation) indexes the written pages.

The index is built at build time from the staged site, offline; the browser loads it over HTTP.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import EnvironmentProblem

SEARCH_BUNDLE = "pagefind"


def pagefind_executable() -> Path | None:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError):
        return None


def index_site(folder: Path) -> None:
    executable = pagefind_executable()
    if executable is None:
        raise EnvironmentProblem("找不到 Pagefind 搜索索引程序：请安装 pagefind[extended]（pip install 'pagefind[extended]'）")
    result = subprocess.run(
        [str(executable), "--site", str(folder), "--output-subdir", SEARCH_BUNDLE, "--keep-index-url", "--silent"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise EnvironmentProblem(f"Pagefind 建立搜索索引失败：{result.stderr.strip() or result.stdout.strip()}")
