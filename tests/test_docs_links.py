"""The link check of the built documentation finds what it must find."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _checker() -> Any:
    spec = importlib.util.spec_from_file_location(
        "check_links", PROJECT_ROOT / "docs" / "_ext" / "check_links.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return root


def test_a_sound_site_passes(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": '<a href="guide/a.html#intro">a</a> <a href="#top">top</a>'
            '<a href="https://example.org">text link</a><script src="_static/x.js"></script>',
            "guide/a.html": '<h1 id="intro">A</h1><a href="../index.html">home</a>',
            "_static/x.js": "",
        },
    )
    assert _checker().check(site) == []


def test_missing_files_anchors_and_web_scripts_are_reported(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": '<a href="guide/b.html">gone</a> <a href="guide/a.html#nope">x</a>'
            '<script src="https://cdn.example.org/mathjax.js"></script>'
            '<img src="_images/missing.png">',
            "guide/a.html": '<h1 id="intro">A</h1><a href="#also-missing">y</a>',
        },
    )
    problems = _checker().check(site)
    assert len(problems) == 5
    assert "index.html: href='guide/b.html' names a missing file" in problems
    assert "index.html: href='guide/a.html#nope' names a missing anchor" in problems
    assert any("loads https://cdn.example.org/mathjax.js from the web" in p for p in problems)
    assert "index.html: src='_images/missing.png' names a missing file" in problems
    assert any(p.startswith("guide/a.html: href='#also-missing'") for p in problems)


def test_main_exit_codes(tmp_path: Path) -> None:
    checker = _checker()
    good = _site(tmp_path / "good", {"index.html": "<p>ok</p>"})
    bad = _site(tmp_path / "bad", {"index.html": '<a href="nowhere.html">x</a>'})
    assert checker.main(["check_links", str(good)]) == 0
    assert checker.main(["check_links", str(bad)]) == 1
    assert checker.main(["check_links", str(tmp_path / "absent")]) == 2
