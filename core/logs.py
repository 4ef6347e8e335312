"""Structured logging set-up: event names with key-value context, to standard error.

Levels: ``debug`` for detail useful when tracing a problem, ``info`` for one line per
significant event (a dossier filed, a catalogue loaded), ``warning`` for something
unexpected that was handled, ``error`` for a failure someone should look at. Logs
never carry a citizen's personal data or a secret.
"""

from __future__ import annotations

import logging
import os
import sys

import structlog

__all__ = ["configure"]


def configure(level: str | None = None) -> None:
    """Configure structlog and the standard library logging once per process."""
    name = (level or os.environ.get("MOTCUA_LOG_LEVEL", "info")).upper()
    numeric = getattr(logging, name, logging.INFO)
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=numeric)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.dev.ConsoleRenderer(colors=False)
            if sys.stderr.isatty()
            else structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
