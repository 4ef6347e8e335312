"""The shape of a procedure's fee schedule: the ``plugins: fees:`` section.

A schedule lists items, each a fee (phí) or a charge (lệ phí), with one amount rule:
a fixed ``amount``, an amount ``per`` unit of a quantity taken from the e-form, or
``tiers`` chosen by a value of the e-form. Items may apply only to some cases of the
procedure and may be reduced or waived for categories of applicants (miễn, giảm).

The structs use plain types only, so the core's generic validator reports every
mistake in a province's YAML with its line (see :mod:`core.catalogue.validate`).
Amounts are whole Vietnamese đồng.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from core.catalogue.model import Label, text_in

__all__ = [
    "COLLECT_STAGES",
    "Band",
    "Channel",
    "Exemption",
    "FeeItem",
    "FeeKind",
    "FeesSection",
    "PerQuantity",
    "RateStep",
    "Stage",
    "Tiers",
]

Amount = Annotated[int, msgspec.Meta(ge=0)]
"""An amount in đồng, never negative."""

FeeKind = Literal["fee", "charge"]
"""``fee`` is a phí (pays for a service), ``charge`` a lệ phí (a State levy)."""

Stage = Literal["before", "after", "on_return"]
"""When an item is collected: before processing, after it, or when the result is
handed over."""

COLLECT_STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]


class _Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of the section's structs: immutable and strict about keys."""


class RateStep(_Spec, frozen=True):
    """A lower or higher unit price from a given unit on (graduated pricing).

    Attributes:
        from_unit: the first unit charged at ``unit_amount`` (3 for "from the third
            page on").
        unit_amount: the price of each unit from ``from_unit`` on.
    """

    from_unit: Annotated[int, msgspec.Meta(ge=2)]
    unit_amount: Amount


class PerQuantity(_Spec, frozen=True):
    """An amount proportional to a quantity the applicant declares in the e-form.

    Attributes:
        field: the e-form field holding the quantity (pages, copies, square metres).
        unit_amount: the price of one unit.
        then: graduated prices from a given unit on, in increasing ``from_unit``.
        min: the least amount, whatever the quantity.
        max: the cap, whatever the quantity.
        times_field: an e-form field multiplying the capped amount (the number of
            copies when the cap applies per copy).
    """

    field: str
    unit_amount: Amount
    then: list[RateStep] = []
    min: Amount | None = None
    max: Amount | None = None
    times_field: str | None = None


class Band(_Spec, frozen=True):
    """One band of a tiered amount: ``amount`` for values up to ``upto``.

    The last band may leave ``upto`` out to cover every larger value.
    """

    amount: Amount
    upto: float | None = None


class Tiers(_Spec, frozen=True):
    """An amount chosen by the band an e-form value falls in.

    Attributes:
        field: the e-form field holding the value (capital, area, value of a deal).
        bands: bands in increasing ``upto``; a value equal to ``upto`` falls in that
            band.
    """

    field: str
    bands: list[Band]


Channel = Literal["counter", "online", "post"]


class Exemption(_Spec, frozen=True):
    """A reduction or a waiver (miễn, giảm) for a category of applicants, for a
    filing channel, or for a category filing through a channel.

    At least one of ``category`` and ``channel`` is given; a reduction applies
    when every one given matches the dossier.

    Attributes:
        percent: how much is taken off: 100 waives the item, 50 halves it.
        name: what the reduction is called on papers and pages.
        category: the applicant category it applies to (``ho-ngheo``,
            ``nguoi-khuyet-tat``...), as recorded on the dossier.
        channel: the filing channel it applies to (``online`` for the reductions
            granted to dossiers filed online).
        evidence_component: the procedure's component that proves the category;
            the filing is refused without it.
    """

    percent: Annotated[int, msgspec.Meta(ge=1, le=100)]
    name: Label
    category: str | None = None
    channel: Channel | None = None
    evidence_component: str | None = None

    def applies(self, category: str | None, channel: str | None) -> bool:
        """Whether it applies to a dossier of ``category`` filed by ``channel``."""
        if self.category is None and self.channel is None:
            return False
        return (self.category is None or self.category == category) and (
            self.channel is None or self.channel == channel
        )

    def key(self) -> str:
        """What the reduction is keyed by: ``category``, ``@channel`` or both."""
        return (
            f"{self.category or ''}@{self.channel}"
            if self.channel
            else (self.category or "")
        )


class FeeItem(_Spec, frozen=True):
    """One fee or charge of a procedure.

    Exactly one of ``amount``, ``per`` and ``tiers`` gives the amount rule.

    Attributes:
        code: the item's key, unique within the procedure.
        name: the name printed on receipts.
        kind: ``fee`` (phí) or ``charge`` (lệ phí); they go on separate receipts.
        collect: when it is collected.
        cases: the procedure's cases it applies to; empty for every case.
        amount: a fixed amount.
        per: an amount per unit of a declared quantity.
        tiers: an amount chosen by a declared value.
        exemptions: reductions and waivers by applicant category or channel.
    """

    code: str
    name: Label
    kind: FeeKind
    collect: Stage = "before"
    cases: list[str] = []
    amount: Amount | None = None
    per: PerQuantity | None = None
    tiers: Tiers | None = None
    exemptions: list[Exemption] = []

    def name_in(self, lang: str) -> str:
        """The item's name in ``lang``, falling back to Vietnamese."""
        return text_in(self.name, lang)

    def rules(self) -> list[str]:
        """The amount rules given (a valid item gives exactly one)."""
        given = {"amount": self.amount, "per": self.per, "tiers": self.tiers}
        return [key for key, value in given.items() if value is not None]


class FeesSection(_Spec, frozen=True):
    """A procedure's fee schedule.

    Attributes:
        rule_version: identifies the rule that produced an assessment (a number
            or the date the rule took effect); assessments keep it.
        legal_basis: the texts that set the amounts (a Circular of the Ministry of
            Finance, a resolution of the provincial People's Council).
        items: the fees and charges.
        collecting_unit: the unit that collects and issues receipts; the
            dossier's implementing unit when left out.
    """

    rule_version: int | dt.date
    legal_basis: str | list[str]
    items: list[FeeItem]
    collecting_unit: str | None = None

    def legal_texts(self) -> list[str]:
        """``legal_basis`` as a list."""
        if isinstance(self.legal_basis, str):
            return [self.legal_basis]
        return list(self.legal_basis)

    def version_label(self) -> str:
        """``rule_version`` as text (an ISO date or a number)."""
        if isinstance(self.rule_version, dt.date):
            return self.rule_version.isoformat()
        return str(self.rule_version)
