"""Benchmarks of recruitflow: the act load against a reference endpoint, and micro-benchmarks."""
