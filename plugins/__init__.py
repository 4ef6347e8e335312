"""Plugins shipped with Motcua, registered through the ``motcua.plugins`` entry points."""
