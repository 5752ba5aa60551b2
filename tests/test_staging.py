"""The staging folder: a fresh one for a clean build, the previous build's retired site (the spare) for the
next one, brought up to date without ever writing into a file the live site shares."""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.outputs import Output
from generator.staging import Staging
from generator.state import MARKER
from generator.write import write_site


def manifest_of(files: dict[str, str]) -> bytes:
    return json.dumps({"generator": MARKER, "files": files, "keys": {}}).encode()


def built(folder: Path, files: dict[str, bytes]) -> None:
    """A site as this program leaves it: the files and a manifest listing them."""
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "manifest.json").write_bytes(manifest_of({name: "x" for name in files}))


def test_a_clean_build_stages_in_a_new_empty_folder(tmp_path: Path) -> None:
    staging = Staging.open(tmp_path / "site", tmp_path / "cache" / "spare")
    assert not staging.reused and list(staging.folder.iterdir()) == []
    assert staging.folder.parent == tmp_path and staging.folder.name.startswith(".site-new-")
    assert oct(staging.folder.stat().st_mode & 0o777) == "0o755"


def test_the_retired_site_becomes_the_spare_and_the_next_build_stages_in_it(tmp_path: Path) -> None:
    site, spare = tmp_path / "site", tmp_path / "cache" / "spare"
    write_site([Output.ready("a.html", "1", b"one"), Output.ready("units/x/index.html", "1", b"x")], site, "i", None, {},
               spare=spare)
    assert not spare.exists()  # nothing was replaced: nothing retired
    first = json.loads((site / "manifest.json").read_text())
    stats = {name: [(site / name).stat().st_size, (site / name).stat().st_mtime_ns] for name in first["files"]}
    write_site([Output.ready("a.html", "2", b"two"), Output.ready("units/x/index.html", "1", b"x")], site, "i", first,
               stats, spare=spare)
    assert (site / "a.html").read_bytes() == b"two"
    assert (spare / "a.html").read_bytes() == b"one"  # the first site, kept
    staging = Staging.open(site, spare)
    assert staging.reused and not spare.exists()
    assert (staging.folder / "units" / "x" / "index.html").is_file()


def test_a_file_shared_with_the_live_site_is_replaced_never_written_into(tmp_path: Path) -> None:
    site, spare = tmp_path / "site", tmp_path / "spare"
    site.mkdir()
    built(site, {"a.html": b"live"})
    spare.mkdir()
    built(spare, {})
    os.link(site / "a.html", spare / "a.html")  # unchanged for two builds: one file in both
    (spare / "manifest.json").write_bytes(manifest_of({"a.html": "x"}))
    staging = Staging.open(site, spare)
    staging.write("a.html", b"new")
    assert (site / "a.html").read_bytes() == b"live"  # the live site is untouched until the swap
    assert (staging.folder / "a.html").read_bytes() == b"new"


def test_linking_the_same_file_again_does_nothing_and_stale_files_are_pruned(tmp_path: Path) -> None:
    site, spare = tmp_path / "site", tmp_path / "spare"
    site.mkdir()
    built(site, {"keep.html": b"k"})
    spare.mkdir()
    built(spare, {"gone/old.html": b"old", "other.html": b"stale"})
    os.link(site / "keep.html", spare / "keep.html")
    files = {"keep.html": "x", "gone/old.html": "x", "other.html": "x"}
    (spare / "manifest.json").write_bytes(manifest_of(files))
    staging = Staging.open(site, spare)
    inode = (staging.folder / "keep.html").stat().st_ino
    staging.link(site / "keep.html", "keep.html")
    staging.link(site / "keep.html", "other.html")  # a different file was there: replaced by the link
    assert (staging.folder / "keep.html").stat().st_ino == inode
    assert (staging.folder / "other.html").read_bytes() == b"k"
    staging.prune({"keep.html", "other.html", "manifest.json"})
    assert sorted(p.relative_to(staging.folder).as_posix() for p in staging.folder.rglob("*")) == [
        "keep.html", "manifest.json", "other.html"]  # the emptied folder went too


def test_a_spare_with_a_file_someone_added_is_left_alone(tmp_path: Path) -> None:
    site, spare = tmp_path / "site", tmp_path / "spare"
    spare.mkdir()
    built(spare, {"a.html": b"a"})
    (spare / "notes.txt").write_text("someone's", encoding="utf-8")  # not in its manifest
    staging = Staging.open(site, spare)
    assert not staging.reused and list(staging.folder.iterdir()) == []
    assert (spare / "notes.txt").read_text(encoding="utf-8") == "someone's"


def test_a_folder_where_a_file_was_and_a_file_where_a_folder_was(tmp_path: Path) -> None:
    site, spare = tmp_path / "site", tmp_path / "spare"
    spare.mkdir()
    built(spare, {"x": b"was a file", "y/index.html": b"was in a folder"})
    staging = Staging.open(site, spare)
    staging.write("x/index.html", b"now a folder")
    staging.write("y", b"now a file")
    assert (staging.folder / "x" / "index.html").read_bytes() == b"now a folder"
    assert (staging.folder / "y").read_bytes() == b"now a file"
