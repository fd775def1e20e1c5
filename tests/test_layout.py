"""The repository holds what its layout says, nothing a stray command left behind."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = {"README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml", ".gitignore"}
FOLDERS = {"filmlog", "tests", "benchmarks", ".ci"}


def tracked() -> list[str]:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [name for name in out.split("\0") if name]


def test_only_the_layout_is_at_the_root() -> None:
    top = {name.split("/", 1)[0] for name in tracked()}
    strays = sorted(top - FILES - FOLDERS)
    assert strays == [], f"files at the repository root beyond the layout: {strays}"


def test_every_package_folder_is_a_package() -> None:
    for name in tracked():
        path = Path(name)
        if path.parts[0] == "filmlog" and path.suffix == ".py":
            assert (ROOT / path.parent / "__init__.py").exists(), name
