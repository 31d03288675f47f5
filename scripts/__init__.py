"""Operational scripts: the crash test."""
