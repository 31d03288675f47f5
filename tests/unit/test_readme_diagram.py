from __future__ import annotations

from pathlib import Path

from service.cli.readme import diagram_block, with_diagram

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_embeds_the_diagram_drawn_from_the_current_definition() -> None:
    readme = README.read_text(encoding="utf-8")

    assert diagram_block() in readme, "README diagram is stale: run `make openapi`"


def test_updating_the_readme_replaces_only_the_diagram_block() -> None:
    old = "intro\n<!-- diagram:start -->\nold\n<!-- diagram:end -->\noutro\n"

    updated = with_diagram(old)

    assert updated.startswith("intro\n<!-- diagram:start -->\n```mermaid\n---\n")
    assert "stateDiagram-v2" in updated
    assert updated.endswith("<!-- diagram:end -->\noutro\n")
