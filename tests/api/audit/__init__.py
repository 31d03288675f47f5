"""Tests of the audit trail: verification, queries, exports and the candidate as of a date."""
