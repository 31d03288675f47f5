"""The candidates of the audit tests' small history (built by the `trail` fixture)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trail:
    activist: int  # seq 1–5 applied (to activist), seq 6 refused
    recommended: int  # seq 1–3 applied (to recommended)
    elsewhere: int  # another committee's: seq 1–2 applied
