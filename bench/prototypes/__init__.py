"""Optimisations prototyped outside service/, so each can be measured before the lead applies it."""
