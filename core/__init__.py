"""Motcua: one-stop information system for provincial administrative procedures."""

import os

__version__ = "0.1.0"

# Piccolo finds its engine and apps through this module; set it before any query.
os.environ.setdefault("PICCOLO_CONF", "core.piccolo_conf")
