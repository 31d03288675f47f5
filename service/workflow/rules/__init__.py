"""Every rule the workflow enforces, one constant each, gathered in RULES by id."""

from service.workflow.rules import approval, ballot, cultivation, intake, publicity
from service.workflow.rules.base import BLOCK, PENDING, RULES, WARN, Rule

__all__ = [
    "BLOCK",
    "PENDING",
    "RULES",
    "WARN",
    "Rule",
    "approval",
    "ballot",
    "cultivation",
    "intake",
    "publicity",
]
