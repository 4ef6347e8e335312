"""Reading the plugin's YAML files."""

from __future__ import annotations

import pytest
import yaml

from plugins.eforms.yamlfile import load_yaml


def test_dates_stay_as_written() -> None:
    assert load_yaml("a: 2025-07-01\nb: today\nc: 2025-07-01 08:00:00") == {
        "a": "2025-07-01",
        "b": "today",
        "c": "2025-07-01 08:00:00",
    }


def test_other_scalars_keep_their_yaml_types() -> None:
    assert load_yaml("n: 2\nf: 1.5\nb: true\nz: null\ns: '01'") == {
        "n": 2,
        "f": 1.5,
        "b": True,
        "z": None,
        "s": "01",
    }


def test_the_standard_safe_loader_is_unchanged() -> None:
    import datetime as dt

    assert yaml.safe_load("a: 2025-07-01") == {"a": dt.date(2025, 7, 1)}


def test_python_objects_cannot_be_built() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: !!python/object/apply:os.system ['true']")
