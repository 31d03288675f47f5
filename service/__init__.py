"""recruitflow: the member-development pipeline (发展党员) as an auditable state machine.

Rooms (docs/architecture.md): main and settings compose; workflow/ decides; app/ holds the use
cases; adapters/ talks to the database, clock, logs and files; api/ is HTTP; cli/ the command.
"""
