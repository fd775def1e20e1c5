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


def _sizes() -> list[tuple[str, str, int]]:
    """(what, where, lines) for every module, class and function of filmlog."""
    import ast

    found = []
    for path in sorted((ROOT / "filmlog").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        found.append(("module", name, len(text.splitlines())))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                kind = "class" if isinstance(node, ast.ClassDef) else "function"
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append((kind, f"{name}:{node.name}", lines))
    return found


LIMITS = {"module": 500, "class": 300, "function": 80}


def test_modules_classes_and_functions_stay_small() -> None:
    too_big = [
        (kind, where, lines)
        for kind, where, lines in _sizes()
        if lines > LIMITS[kind]
        and not (where.startswith("filmlog/journal/migrations/") and ":m0" in where)
    ]
    assert too_big == []


def _contracts() -> dict[str, dict]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_layers_name_every_folder() -> None:
    (layers,) = [
        c for c in _contracts().values() if c["type"] == "layers" and "containers" not in c
    ]
    listed = {m.strip() for layer in layers["layers"] for m in layer.split("|")}
    modules = {
        f"filmlog.{p.stem if p.is_file() else p.name}"
        for p in (ROOT / "filmlog").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    }
    assert modules - listed == set(), "modules no layer names"
    assert listed - modules == set(), "layers naming modules that are gone"


def test_every_source_is_held_to_the_session() -> None:
    """The contract holds the sources' package, and every registered source lives in it."""
    from filmlog.imports.registry import sources

    contract = _contracts()["A source speaks only through the import session"]
    assert contract["source_modules"] == ["filmlog.imports.sources"]
    for source in sources().values():
        assert source.read.__module__.startswith("filmlog.imports.sources."), source.name


def test_the_formatter_formats_all_of_the_code() -> None:
    marked = [
        name
        for name in tracked()
        if name.endswith(".py") and "fmt: " + "skip" in (ROOT / name).read_text(encoding="utf-8")
    ]
    assert marked == []


def test_the_readme_names_every_source_module_and_command() -> None:
    """The Development section's list of sources is the registry's, module by module."""
    import re

    from filmlog.imports.registry import sources

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("The sources, each a module of `sources/`")
    sentence = readme[start : readme.index("the registry)", start)]
    named = set(re.findall(r"`([a-z_-]+)`", sentence))
    every = sources()
    modules = {s.read.__module__.rsplit(".", 1)[1] for s in every.values()}
    assert named == modules | set(every) | {"played"}
