"""Motcua: one-stop information system for provincial administrative procedures."""

__version__ = "0.1.0"
