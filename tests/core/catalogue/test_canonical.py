"""The canonical JSON of a procedure: equal content, equal bytes, equal hash."""

from __future__ import annotations

import json

import msgspec
import pytest

from core.catalogue.canonical import canonical_json, content_hash
from core.catalogue.loader import load_catalogue
from core.catalogue.model import AttachmentRules, Duration, ProcedureSpec
from tests.core.catalogue.catalogue_helpers import DEMO, manager


@pytest.fixture(scope="module")
def spec() -> ProcedureSpec:
    return load_catalogue(DEMO, manager()).procedure("2.000488.H99")


def test_keys_are_sorted_at_every_level(spec: ProcedureSpec) -> None:
    def check(value: object) -> None:
        if isinstance(value, dict):
            assert list(value) == sorted(value)
            for item in value.values():
                check(item)
        elif isinstance(value, list):
            for item in value:
                check(item)

    check(json.loads(canonical_json(spec)))


def test_whole_numbers_hash_alike_whatever_their_type(spec: ProcedureSpec) -> None:
    as_float = msgspec.structs.replace(spec, attachments=AttachmentRules(max_mb=10.0))
    as_int = msgspec.structs.replace(spec, attachments=AttachmentRules(max_mb=10))
    assert canonical_json(as_float) == canonical_json(as_int)
    assert b'"max_mb":10,' in canonical_json(as_float)


def test_fractions_are_kept(spec: ProcedureSpec) -> None:
    half = msgspec.structs.replace(spec, processing_time=Duration(amount=9.5))
    assert b'"amount":9.5' in canonical_json(half)
    assert content_hash(half) != content_hash(spec)


def test_a_stored_form_decodes_to_an_equal_spec(spec: ProcedureSpec) -> None:
    again = msgspec.json.decode(canonical_json(spec), type=ProcedureSpec)
    # Every core field decodes to equal values; plugin sections come back as plain
    # values (their types belong to the plugins), equal in canonical form.
    assert msgspec.structs.replace(again, plugins={}) == msgspec.structs.replace(
        spec, plugins={}
    )
    assert (
        set(again.plugins)
        == set(spec.plugins)
        == {"eforms", "fees", "payments_gateway"}
    )
    assert canonical_json(again) == canonical_json(spec)
    assert content_hash(again) == content_hash(spec)


def test_the_hash_is_a_sha256_hex_digest(spec: ProcedureSpec) -> None:
    digest = content_hash(spec)
    assert len(digest) == 64
    assert int(digest, 16) >= 0


def test_any_change_changes_the_hash(spec: ProcedureSpec) -> None:
    for changed in (
        msgspec.structs.replace(spec, cutoff="16:00"),
        msgspec.structs.replace(spec, legal_basis=[*spec.legal_basis, "Nghị định mới"]),
        msgspec.structs.replace(spec, plugins={"fees": {"amount": 200000}}),
    ):
        assert content_hash(changed) != content_hash(spec)
