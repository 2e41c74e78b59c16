"""The README's example is a doctest whose every claimed output is checked.

pytest collects README.md itself (it is listed in ``testpaths``, and
``--doctest-glob=*.md`` makes it a doctest file run with the project's
``doctest_optionflags``), so a wrong number in the README fails the suite.
These tests make sure that stays so: the README has ``>>>`` examples, every
call in them shows the output it claims, and README.md stays collected.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _readme_examples() -> list[doctest.Example]:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    # A fence line closing a block would read as expected output: blank it.
    text = re.sub(r"^```.*$", "", text, flags=re.MULTILINE)
    return doctest.DocTestParser().get_examples(text)


def test_readme_has_doctest_examples() -> None:
    examples = _readme_examples()
    assert len(examples) >= 5, "the README example must be written as >>> doctest lines"


def test_every_readme_call_shows_its_output() -> None:
    # Imports and assignments print nothing; every other line must show the
    # output it claims, so that the doctest checks it (a claim in a comment
    # would not be checked).
    silent = re.compile(r"^(import |from \S+ import |[\w.]+(\[.*\])? *=[^=])")
    unchecked = [
        ex.source.strip()
        for ex in _readme_examples()
        if not ex.want.strip() and not silent.match(ex.source)
    ]
    assert not unchecked, f"README calls without a checked output: {unchecked}"


def test_readme_is_collected_as_doctest() -> None:
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    testpaths = re.search(r"^testpaths = \[(.*)\]$", pyproject, flags=re.MULTILINE)
    assert testpaths is not None
    assert '"README.md"' in testpaths.group(1)
    assert re.search(r'"--doctest-glob=\*\.md"', pyproject)


def test_readme_has_two_setup_commands() -> None:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    (python -m pip install .*)$", text, flags=re.MULTILINE)
    assert commands == [
        'python -m pip install -e ".[test]" && python -m custvalue tour',
        'python -m pip install -e ".[test]" && python -m pytest',
    ]
