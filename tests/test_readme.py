"""The README's example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def test_readme_example_runs() -> None:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks, "README has no python example"
    code = blocks[0]
    assert len([line for line in code.splitlines() if line.strip()]) <= 12
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)


def test_readme_has_two_setup_commands() -> None:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    (python -m pip install .*)$", text, flags=re.MULTILINE)
    assert commands == [
        'python -m pip install -e ".[test]" && python -m custvalue tour',
        'python -m pip install -e ".[test]" && python -m pytest',
    ]
