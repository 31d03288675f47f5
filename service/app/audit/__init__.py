"""The audit trail: chain checks, the verifier, event queries, exports and their offline check.

Use cases like the rest of service.app: may import service.app, service.adapters and
service.workflow. `hashes`, `chains`, `formats` and `export_check` need no database, so the
offline check of an exported file (`recruitflow audit verify-export`) runs without one.
"""
