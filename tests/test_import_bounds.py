"""What an import is given is read with bounded memory and time, or refused in one line.

A zip bomb, a member whose header claims gigabytes, a .zip inside the .zip, a
file larger than any export, a FIFO or a device: each is refused before it is
read, with nothing written.
"""

from __future__ import annotations

import os
import struct
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import count

DIARY = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"


def refused(cli, *args: str) -> str:
    started = time.monotonic()
    result = cli("import", *args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert time.monotonic() - started < 10  # refused early, not after reading it all
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_a_compression_bomb_is_refused(cli, journal: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "letterboxd-me.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, z.open("diary.csv", "w") as f:
        f.write(DIARY.encode())
        for _ in range(32):
            f.write(b"\0" * (1 << 20))  # 32 MB of nothing packs into some 32 KB
    message = refused(cli, "letterboxd", str(bomb))
    assert "letterboxd-me.zip:diary.csv" in message and "compression bomb" in message
    assert not journal.exists()


def test_a_member_whose_header_claims_gigabytes_is_refused(cli, journal, tmp_path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("diary.csv", DIARY)
    data = bytearray(archive.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 4 * 1024**3 - 1)  # uncompressed size: 4 GB
    archive.write_bytes(bytes(data))
    message = refused(cli, "letterboxd", str(archive))
    assert "unpacks to 4,096 MB" in message


def test_a_zip_inside_the_zip_is_refused(cli, journal: Path, tmp_path: Path) -> None:
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("diary.csv", DIARY)
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.write(inner, "letterboxd-me.zip")
    assert "a .zip inside the .zip" in refused(cli, "letterboxd", str(outer))


def test_a_damaged_zip_is_called_one(cli, journal: Path, tmp_path: Path) -> None:
    archive = tmp_path / "letterboxd-me.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("diary.csv", DIARY)
    archive.write_bytes(archive.read_bytes()[:-30])  # the central directory cut off
    assert "a damaged .zip" in refused(cli, "letterboxd", str(archive))


def test_a_file_larger_than_any_export_is_refused(cli, journal: Path, tmp_path: Path) -> None:
    huge = tmp_path / "diary.csv"
    with huge.open("wb") as f:
        f.write(DIARY.encode())
        f.truncate(300 * 1024 * 1024)  # sparse: no disk is used
    assert "larger than any export" in refused(cli, "letterboxd", str(huge))
    assert "larger than any export" in refused(cli, "imdb", str(huge))


@pytest.mark.timeout(30)
@pytest.mark.parametrize("source", ["letterboxd", "imdb", "json", "letterboxd-rss"])
def test_a_fifo_is_refused_at_once(cli, journal: Path, tmp_path: Path, source: str) -> None:
    fifo = tmp_path / "diary.csv"
    os.mkfifo(fifo)
    assert "is a FIFO (a named pipe), not a file" in refused(cli, source, str(fifo))
    assert count(journal, "imports") == 0


@pytest.mark.parametrize("source", ["letterboxd", "imdb", "json", "letterboxd-rss"])
def test_a_device_is_refused(cli, journal: Path, source: str) -> None:
    assert "is a device, not a file" in refused(cli, source, "/dev/zero")


def test_a_fifo_inside_a_folder_is_passed_over(cli, journal: Path, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "diary.csv").write_text(DIARY + "2024-01-02,Heat,1995,,4,,,2024-01-01\n")
    os.mkfifo(folder / "watched.csv")
    result = cli("import", "letterboxd", str(folder))
    assert result.exit_code == 0, result.stderr
    assert count(journal, "entries") == 1


def test_json_nested_without_end_is_refused(cli, journal: Path, tmp_path: Path) -> None:
    deep = tmp_path / "journal.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert "nested too deep" in refused(cli, "json", str(deep))
