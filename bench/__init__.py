"""Benchmarks of recruitflow: the act load test against a reference endpoint, and micro-benchmarks."""
