"""The procedure catalogue: a province's organisation, roles, calendar and procedures.

Provincial IT describes all of it in YAML under ``config/<province>/``. The files are
read and validated once into immutable values; see :mod:`core.catalogue.model` for the
shape and :mod:`core.catalogue.loader` for loading and error reporting.
"""
