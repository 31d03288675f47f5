"""recruitflow: the member-development pipeline (发展党员) as an auditable state machine."""
