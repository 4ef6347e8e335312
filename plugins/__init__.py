"""Plugins shipped with Motcua, registered as ``motcua.plugins`` entry points."""
