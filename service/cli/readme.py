"""The workflow diagram in README.md, drawn from the definition; a test keeps it current."""

from __future__ import annotations

from service.workflow import mermaid_diagram

START, END = "<!-- diagram:start -->", "<!-- diagram:end -->"


def diagram_block() -> str:
    return f"{START}\n```mermaid\n{mermaid_diagram().strip()}\n```\n{END}"


def with_diagram(readme: str) -> str:
    """`readme` with the text between the diagram markers replaced by the current diagram."""
    head, _, rest = readme.partition(START)
    _, found, tail = rest.partition(END)
    if not found:
        raise ValueError(f"README has no {START} … {END} block")
    return f"{head}{diagram_block()}{tail}"
