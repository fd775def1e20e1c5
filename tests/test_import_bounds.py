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


def test_a_fifo_named_like_an_export_file_is_named_not_passed_in_silence(
    cli, journal: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "diary.csv").write_text(DIARY + "2024-01-02,Heat,1995,,4,,,2024-01-01\n")
    os.mkfifo(folder / "watchlist.csv")
    result = cli("import", "letterboxd", str(folder), "--format", "json")
    assert result.exit_code == 0, result.stderr
    import json

    files = json.loads(result.stdout)["files_not_imported"]
    assert [f["file"] for f in files] == ["watchlist.csv"]
    assert "FIFO" in files[0]["reason"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_of_the_export_that_cannot_be_read_is_named(
    cli, journal: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    (folder / "lists").mkdir(parents=True)
    (folder / "lists" / "a.csv").write_text("x")
    (folder / "diary.csv").write_text(DIARY + "2024-01-02,Heat,1995,,4,,,2024-01-01\n")
    (folder / "lists").chmod(0)
    try:
        result = cli("import", "letterboxd", str(folder))
    finally:
        (folder / "lists").chmod(0o700)
    assert result.exit_code == 0, result.stderr
    assert "lists/" in result.stderr and "cannot be read" in result.stderr


def test_a_link_out_of_the_export_is_not_followed(cli, journal: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the first line of a private file\n")
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text(DIARY + "2024-01-02,Heat,1995,,4,,,2024-01-01\n")
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "diary.csv").symlink_to(secret)
    result = cli("import", "letterboxd", str(folder))
    assert "root:x" not in result.stdout + result.stderr
    assert result.exit_code == 1
    (folder / "diary.csv").unlink()
    (folder / "diary.csv").symlink_to(elsewhere)
    (folder / "watched.csv").write_text("Date,Name,Year,Letterboxd URI\n")
    result = cli("import", "letterboxd", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "diary.csv" in result.stderr and "outside the export" in result.stderr
    assert count(journal, "entries") == 0
    (folder / "watched.csv").unlink()
    # a link that stays inside the export is read
    (folder / "diary.csv").unlink()
    (folder / "real").mkdir()
    (folder / "real" / "d.csv").write_text(DIARY + "2024-01-02,Heat,1995,,4,,,2024-01-01\n")
    (folder / "diary.csv").symlink_to(folder / "real" / "d.csv")
    assert cli("import", "letterboxd", str(folder)).exit_code == 0
    assert count(journal, "entries") == 1


def test_a_zip_with_two_members_of_one_name_is_refused(cli, journal: Path, tmp_path: Path) -> None:
    crafted = tmp_path / "letterboxd-me.zip"
    real = DIARY + "".join(f"2024-01-02,Film {n},1995,,4,,,2024-01-01\n" for n in range(317))
    with zipfile.ZipFile(crafted, "w") as z:
        z.writestr("diary.csv", real)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
            z.writestr("diary.csv", DIARY + "2024-01-02,Heat,1995,,4,,,2024-01-01\n")
    message = refused(cli, "letterboxd", str(crafted))
    assert "two files named diary.csv" in message
    assert not journal.exists() or count(journal, "entries") == 0


def test_an_encrypted_zip_is_one_line(cli, journal: Path, tmp_path: Path) -> None:
    crafted = tmp_path / "letterboxd-me.zip"
    with zipfile.ZipFile(crafted, "w") as z:
        z.writestr("diary.csv", DIARY)
    data = bytearray(crafted.read_bytes())
    # set the "encrypted" flag in the local header and the central directory entry
    data[6] |= 1
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 1
    crafted.write_bytes(bytes(data))
    assert "encrypted" in refused(cli, "letterboxd", str(crafted))


def test_a_zip_of_many_small_files_is_read_in_linear_time(
    cli, journal: Path, tmp_path: Path
) -> None:
    crafted = tmp_path / "letterboxd-me.zip"
    with zipfile.ZipFile(crafted, "w") as z:
        z.writestr("diary.csv", DIARY + "2024-01-02,Heat,1995,,4,,,2024-01-01\n")
        for n in range(8000):
            z.writestr(f"lists/list-{n}.csv", "")
    started = time.monotonic()
    result = cli("import", "letterboxd", str(crafted))
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    assert elapsed < 30, elapsed  # 195 s when the zip's directory was read once a member
