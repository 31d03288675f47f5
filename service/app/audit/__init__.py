"""The audit trail: chain checks, the verifier, event queries, exports and their offline check."""
