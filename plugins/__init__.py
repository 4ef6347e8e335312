"""Plugins shipped with Motcua; each registers through the ``motcua.plugins`` entry points."""
