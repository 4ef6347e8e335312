"""Province-wide settings of the fees plugin: collecting organisations and series.

A procedure's section says what is owed; who collects it and on which receipt
series is a matter of the collecting unit, the same for all its procedures. The
province writes that once in ``<config folder>/plugins/fees.yaml``:

.. code-block:: yaml

    template_symbol: 01BLP0-001
    series_format: "{prefix}-{yy}E"
    series_prefix: {fee: AA, charge: AB}
    collectors:
      - unit: stp
        tax_code: "0100109106"
        address: 12 Trần Phú, phường Hải Châu
        series:
          - {kind: fee, template_symbol: 01BLP0-001, series_symbol: TP-26E, year: 2026}

The file is optional. A unit without a configured series for a kind and year gets
one the first time it issues a receipt, with the default template symbol and a
series symbol built from ``series_format``. The symbol rules of Decree 123/2020 and
its circulars change over time, so every symbol stays configurable.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import msgspec
from stdnum.vn import mst

from core.catalogue.errors import ConfigInvalid, Report
from core.catalogue.validate import decode
from core.catalogue.yamlpos import parse_yaml
from plugins.fees.schema import FeeKind

__all__ = [
    "SETTINGS_FILE",
    "CollectorSpec",
    "FeesSettings",
    "SeriesSpec",
    "load_settings",
]

SETTINGS_FILE = Path("plugins") / "fees.yaml"
"""Where the settings live, relative to the province's configuration folder."""

_FORMAT_KEYS = frozenset({"prefix", "yy", "yyyy"})


class _Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of the settings structs: immutable and strict about keys."""


class SeriesSpec(_Spec, frozen=True):
    """A receipt series a collecting unit registered with the tax authority.

    Attributes:
        kind: ``fee`` or ``charge``; fees and charges are numbered separately.
        template_symbol: the receipt template symbol (ký hiệu mẫu biên lai).
        series_symbol: the series symbol (ký hiệu biên lai).
        year: the calendar year the series is used in; every year when left out.
    """

    kind: FeeKind
    template_symbol: str
    series_symbol: str
    year: int | None = None


class CollectorSpec(_Spec, frozen=True):
    """A unit that collects fees: what its receipts print about it.

    Attributes:
        unit: the unit's id in ``province.yaml``.
        name: the organisation's name on receipts; the unit's name if left out.
        tax_code: the organisation's tax code (mã số thuế).
        address: the organisation's address on receipts.
        series: its registered series; defaults are created when none fits.
    """

    unit: str
    name: str | None = None
    tax_code: str = ""
    address: str = ""
    series: list[SeriesSpec] = []


class FeesSettings(_Spec, frozen=True):
    """``plugins/fees.yaml``.

    Attributes:
        template_symbol: the template symbol of series created by default.
        series_format: how a default series symbol is built; ``{prefix}`` is the
            kind's prefix, ``{yy}`` and ``{yyyy}`` the year of issue.
        series_prefix: the prefix of default series by kind.
        number_width: digits printed for a receipt number (leading zeros).
        collectors: collecting units' details and series.
    """

    template_symbol: str = "01BLP0-001"
    series_format: str = "{prefix}-{yy}E"
    series_prefix: dict[str, str] = msgspec.field(
        default_factory=lambda: {"fee": "AA", "charge": "AB"}
    )
    number_width: Annotated[int, msgspec.Meta(ge=1, le=12)] = 7
    collectors: list[CollectorSpec] = []

    def collector(self, unit_id: str) -> CollectorSpec | None:
        """The settings of collecting unit ``unit_id``, if the file has them."""
        return next((c for c in self.collectors if c.unit == unit_id), None)

    def series_for(self, unit_id: str, kind: str, year: int) -> SeriesSpec:
        """The series a unit issues ``kind`` receipts on in ``year``.

        The first configured series of that kind whose year is ``year`` or unset
        wins; otherwise a default one is described.
        """
        collector = self.collector(unit_id)
        for spec in collector.series if collector else []:
            if spec.kind == kind and spec.year in (None, year):
                return spec
        symbol = self.series_format.format(
            prefix=self.series_prefix.get(kind, "AA"),
            yy=f"{year % 100:02d}",
            yyyy=f"{year:04d}",
        )
        return SeriesSpec(
            kind=kind,  # type: ignore[arg-type]
            template_symbol=self.template_symbol,
            series_symbol=symbol,
            year=year,
        )

    def number_text(self, number: int) -> str:
        """A receipt number as printed, with leading zeros."""
        return f"{number:0{self.number_width}d}"


def load_settings(
    config_dir: Path, unit_ids: Mapping[str, object] | None = None
) -> FeesSettings:
    """Read ``plugins/fees.yaml`` of a province folder, or the defaults without it.

    Args:
        config_dir: the province's configuration folder.
        unit_ids: the province's units, to check that collectors exist.

    Returns:
        The settings.

    Raises:
        ConfigInvalid: the file has errors; all of them are listed.
    """
    path = config_dir / SETTINGS_FILE
    if not path.is_file():
        return FeesSettings()
    document = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    report = Report(str(path), document.locate, errors=list(document.errors))
    settings = decode(document.data or {}, FeesSettings, report)
    if settings is not None:
        check_settings(settings, report, unit_ids)
    if report.errors or settings is None:
        raise ConfigInvalid(report.errors)
    return settings


def check_settings(
    settings: FeesSettings,
    report: Report,
    unit_ids: Mapping[str, object] | None = None,
) -> None:
    """Report what the settings' types cannot express.

    Args:
        settings: the decoded settings.
        report: where to add errors.
        unit_ids: the province's units; collectors are checked against them.
    """
    _check_format(settings.series_format, report)
    for kind in settings.series_prefix:
        if kind not in ("fee", "charge"):
            report.error(
                ("series_prefix", kind),
                f"{kind!r} is not a kind of receipt",
                "use the keys fee and charge",
            )
    seen: set[str] = set()
    for index, collector in enumerate(settings.collectors):
        at = ("collectors", index)
        if collector.unit in seen:
            report.error(
                (*at, "unit"),
                f"unit {collector.unit!r} is listed twice",
                "keep one entry per collecting unit",
            )
        seen.add(collector.unit)
        if unit_ids is not None and collector.unit not in unit_ids:
            report.error(
                (*at, "unit"),
                f"there is no unit {collector.unit!r} in province.yaml",
                "use the id of a unit of the province",
            )
        if collector.tax_code and not mst.is_valid(collector.tax_code):
            report.error(
                (*at, "tax_code"),
                f"{collector.tax_code!r} is not a valid tax code",
                "write the 10-digit code, or 13 with the branch as 0100109106-001",
            )


def _check_format(series_format: str, report: Report) -> None:
    try:
        keys = {
            name for _, name, _, _ in string.Formatter().parse(series_format) if name
        }
    except ValueError:
        keys = {"?"}
    unknown = keys - _FORMAT_KEYS
    if unknown:
        report.error(
            ("series_format",),
            f"series_format uses unknown placeholders: {', '.join(sorted(unknown))}",
            "use only {prefix}, {yy} and {yyyy}",
        )
