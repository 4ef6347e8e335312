"""Dossiers (hồ sơ): filing, the workflow engine, deadlines, attachments, printing.

The public surface other parts of the application use:

- :mod:`core.dossiers.service` files dossiers and performs actions on them;
- :mod:`core.dossiers.engine` tells which actions an account may perform now;
- :mod:`core.dossiers.api` gives the HTTP routes (``routes()``).
"""
