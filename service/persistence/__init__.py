"""Persistence: tables, repositories and the unit of work (the imperative shell's storage)."""
