"""Each label people read is stated once, in the catalogue (service/workflow/words/): no module
or template of the service writes a catalogue label of its own, so no second wording can
drift from it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from service.workflow import words
from service.workflow.words import Words

SERVICE = Path(words.__file__).parents[2]
CATALOGUE = Path(words.__file__).parent
# Text between tags, or a quoted attribute, Jinja left out: `<th>姓名</th>`, `title="姓名"`.
IN_MARKUP = re.compile(r">\s*([^<>{}]+?)\s*<|\"([^\"<>{}]+)\"")


def _labels() -> dict[str, str]:
    tables: dict[str, Mapping[Any, Words]] = {
        "STATES": words.STATES,
        "TRIGGERS": words.TRIGGERS,
        "ACTS_IN_STATE": words.ACTS_IN_STATE,
        "FIELDS": words.FIELDS,
        "FIELDS_OF_ACT": words.FIELDS_OF_ACT,
        "CANDIDATE_FIELDS": words.CANDIDATE_FIELDS,
        "DATES": words.DATES,
        "LEDGER_COLUMNS": words.LEDGER_COLUMNS,
        "LEDGERS": words.LEDGERS,
        "ROLES": {role: words.CHOICES[role] for role in words.ROLES},
        "ORGANIZATION_KINDS": {kind: words.CHOICES[kind] for kind in words.ORGANIZATION_KINDS},
    }
    return {
        label.zh: f"{table}[{key!r}]"
        for table, entries in tables.items()
        for key, label in entries.items()
    }


def _texts(path: Path) -> Iterator[tuple[int, str]]:
    """A module's string constants (f-strings' pieces included), or a template's text, each
    as a whole and each piece of markup inside it."""
    if path.suffix == ".py":
        pieces = [
            (node.lineno, node.value)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
    else:
        pieces = [(1, path.read_text(encoding="utf-8"))]
    for line, text in pieces:
        yield line, text.strip()
        for found in IN_MARKUP.finditer(text):
            yield line + text.count("\n", 0, found.start()), (found[1] or found[2]).strip()


def test_no_catalogue_label_is_written_a_second_time_in_the_service() -> None:
    labels = _labels()
    copies = [
        f"{path.relative_to(SERVICE.parent)}:{line}: {text} ({labels[text]})"
        for path in sorted(SERVICE.rglob("*"))
        if path.suffix in (".py", ".html") and CATALOGUE not in path.parents
        for line, text in _texts(path)
        if text in labels
    ]
    assert copies == []


def test_the_scan_finds_a_label_written_in_a_template_or_a_module(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<tr><th>确定为入党积极分子时间</th><td title="当前阶段">x</td></tr>')
    module = tmp_path / "module.py"
    module.write_text('HEADER = "转为正式党员时间"\nROW = f"<th>预备党员</th>{1}"\n')
    labels = _labels()

    found = [text for path in (page, module) for _, text in _texts(path) if text in labels]

    assert found == ["确定为入党积极分子时间", "当前阶段", "转为正式党员时间", "预备党员"]
