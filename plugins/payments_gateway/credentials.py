"""Gateway credentials, read from the environment and never from YAML.

Each gateway is configured by its own variables:

- VNPay: ``MOTCUA_VNPAY_TMN_CODE``, ``MOTCUA_VNPAY_SECRET``,
  ``MOTCUA_VNPAY_PAY_URL``, ``MOTCUA_VNPAY_API_URL``;
- PayGov: ``MOTCUA_PAYGOV_PARTNER_CODE``, ``MOTCUA_PAYGOV_SECRET``,
  ``MOTCUA_PAYGOV_URL``.

When the sandbox gateways run (``settings.sandbox_gateways``, never in production)
a gateway left unconfigured points to the built-in sandbox under
``<base_url>/sandbox/...`` with the fixed development values below, named so that
nobody mistakes them for real credentials. Outside the sandbox an unconfigured
gateway is simply unavailable. Credentials travel in structs whose ``repr()``
masks the secret, so they cannot leak into logs by accident.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

import msgspec

from plugins.payments_gateway.protocols.paygov import PayGovPartner
from plugins.payments_gateway.protocols.vnpay import VnpayMerchant

if TYPE_CHECKING:
    from core.settings import Settings

__all__ = [
    "DEV_ONLY_PAYGOV_PARTNER_CODE",
    "DEV_ONLY_PAYGOV_SECRET",
    "DEV_ONLY_VNPAY_SECRET",
    "DEV_ONLY_VNPAY_TMN_CODE",
    "Credentials",
    "CredentialsError",
    "load_credentials",
]

DEV_ONLY_VNPAY_TMN_CODE = "MOTCUASB"
DEV_ONLY_VNPAY_SECRET = "DEV-ONLY-vnpay-sandbox-secret-never-use-in-production"  # noqa: S105 - public sandbox value
DEV_ONLY_PAYGOV_PARTNER_CODE = "MOTCUA-SANDBOX"
DEV_ONLY_PAYGOV_SECRET = "DEV-ONLY-paygov-sandbox-secret-never-use-in-production"  # noqa: S105 - public sandbox value

_VNPAY_VARS = (
    "MOTCUA_VNPAY_TMN_CODE",
    "MOTCUA_VNPAY_SECRET",
    "MOTCUA_VNPAY_PAY_URL",
    "MOTCUA_VNPAY_API_URL",
)
_PAYGOV_VARS = (
    "MOTCUA_PAYGOV_PARTNER_CODE",
    "MOTCUA_PAYGOV_SECRET",
    "MOTCUA_PAYGOV_URL",
)


class CredentialsError(ValueError):
    """Some of a gateway's variables are set and others missing."""


class Credentials(msgspec.Struct, frozen=True, kw_only=True):
    """The gateways Motcua can use now.

    Attributes:
        vnpay: VNPay's merchant terminal, or ``None`` when unavailable.
        paygov: the PayGov partner account, or ``None`` when unavailable.
        vnpay_sandbox: ``vnpay`` is the built-in sandbox.
        paygov_sandbox: ``paygov`` is the built-in sandbox.
    """

    vnpay: VnpayMerchant | None = None
    paygov: PayGovPartner | None = None
    vnpay_sandbox: bool = False
    paygov_sandbox: bool = False

    def available(self, gateway: str) -> bool:
        """Whether ``gateway`` (``vnpay`` or ``paygov``) can take payments."""
        return (self.vnpay if gateway == "vnpay" else self.paygov) is not None

    def is_sandbox(self, gateway: str) -> bool:
        """Whether ``gateway`` is the built-in sandbox."""
        return self.vnpay_sandbox if gateway == "vnpay" else self.paygov_sandbox


def _given(env: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    return {name: env[name].strip() for name in names if env.get(name, "").strip()}


def _complete(given: dict[str, str], names: tuple[str, ...]) -> bool:
    """Whether every variable is set; some but not all is a mistake."""
    if not given:
        return False
    missing = [name for name in names if name not in given]
    if missing:
        raise CredentialsError(
            f"set {', '.join(missing)} too, or unset {', '.join(sorted(given))}"
        )
    return True


def _vnpay(
    env: Mapping[str, str], settings: Settings
) -> tuple[VnpayMerchant | None, bool]:
    given = _given(env, _VNPAY_VARS)
    if _complete(given, _VNPAY_VARS):
        merchant = VnpayMerchant(
            tmn_code=given["MOTCUA_VNPAY_TMN_CODE"],
            secret=given["MOTCUA_VNPAY_SECRET"],
            pay_url=given["MOTCUA_VNPAY_PAY_URL"],
            api_url=given["MOTCUA_VNPAY_API_URL"],
        )
        return merchant, False
    if not settings.sandbox_gateways:
        return None, False
    sandbox = VnpayMerchant(
        tmn_code=DEV_ONLY_VNPAY_TMN_CODE,
        secret=DEV_ONLY_VNPAY_SECRET,
        pay_url=f"{settings.base_url}/sandbox/vnpay/pay",
        api_url=f"{settings.base_url}/sandbox/vnpay/api",
    )
    return sandbox, True


def _paygov(
    env: Mapping[str, str], settings: Settings
) -> tuple[PayGovPartner | None, bool]:
    given = _given(env, _PAYGOV_VARS)
    if _complete(given, _PAYGOV_VARS):
        partner = PayGovPartner(
            partner_code=given["MOTCUA_PAYGOV_PARTNER_CODE"],
            secret=given["MOTCUA_PAYGOV_SECRET"],
            endpoint=given["MOTCUA_PAYGOV_URL"],
        )
        return partner, False
    if not settings.sandbox_gateways:
        return None, False
    sandbox = PayGovPartner(
        partner_code=DEV_ONLY_PAYGOV_PARTNER_CODE,
        secret=DEV_ONLY_PAYGOV_SECRET,
        endpoint=f"{settings.base_url}/sandbox/paygov/api",
    )
    return sandbox, True


def load_credentials(
    settings: Settings, env: Mapping[str, str] | None = None
) -> Credentials:
    """Read the gateways' credentials.

    Args:
        settings: the application's settings (sandbox switch, public address).
        env: the environment; the process's own by default.

    Returns:
        The gateways available, real or sandbox.

    Raises:
        CredentialsError: a gateway is half configured.
    """
    env = os.environ if env is None else env
    vnpay, vnpay_sandbox = _vnpay(env, settings)
    paygov, paygov_sandbox = _paygov(env, settings)
    return Credentials(
        vnpay=vnpay,
        paygov=paygov,
        vnpay_sandbox=vnpay_sandbox,
        paygov_sandbox=paygov_sandbox,
    )
