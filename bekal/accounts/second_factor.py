"""The second factor: a TOTP code from an authenticator app (django-otp), each step audited.

Required of system administrators, Kanwil and Ditjenpas users when ``BEKAL_OTP_REQUIRED`` is on (by default whenever
debug is off); offered to everyone else on their account page. Whoever has enrolled a device is asked for its code at
every sign-in, whatever the setting.
"""

from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from bekal.accounts.access import Capability
from bekal.accounts.models import Role, User
from bekal.accounts.services import may_reset_password
from bekal.audit.services import audit_record

REQUIRED_ROLES = (Role.SYSTEM_ADMIN, Role.REGIONAL_VIEWER, Role.NATIONAL_VIEWER)
# In the session: True when the signed-in user has a confirmed device (set at sign-in and at enrolment), so the
# middleware asks no query of users who have none.
HAS_DEVICE = "bekal_otp_device"


def second_factor_required(user: Any) -> bool:
    """Return True when the user must use a second factor (by role, or superuser), with the setting on."""
    if not settings.BEKAL_OTP_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.has_role(*REQUIRED_ROLES))


def confirmed_device(user: User) -> TOTPDevice | None:
    """Return the user's confirmed authenticator, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def second_factor_begin(*, user: User) -> TOTPDevice:
    """Return the user's device waiting for its first code, made now (with a new secret) when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        audit_record(code="accounts.second_factor.begun", actor=user, unit=user.organization, obj=user)
    return device


def enrolment_details(device: TOTPDevice) -> dict[str, str]:
    """Return what the enrolment page shows: the QR code (inline SVG) and the secret to type by hand."""
    qr = segno.make(device.config_url, error="m")
    return {
        "qr_svg": qr.svg_inline(scale=4, title=_("QR code for the authenticator app")),
        "secret": b32encode(device.bin_key).decode(),
    }


def _check_code(device: TOTPDevice, code: str, user: User) -> None:
    code = "".join(code.split())
    if not device.verify_token(code):
        with transaction.atomic():
            audit_record(code="accounts.second_factor.failed", actor=user, unit=user.organization, obj=user)
        raise ValidationError(
            {"code": _("Code %(code)s is not the one the app shows now; type the 6 digits shown") % {"code": code}}
        )


def second_factor_confirm(*, user: User, code: str) -> TOTPDevice:
    """Confirm the waiting device with its first code; the user has a second factor from then on."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError({"code": _("Start the set-up again: no authenticator is waiting for a code")})
    _check_code(device, code, user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(code="accounts.second_factor.enrolled", actor=user, unit=user.organization, obj=user)
    return device


def second_factor_verify(*, user: User, code: str) -> TOTPDevice:
    """Check a code from the user's confirmed device at sign-in; return the device."""
    device = confirmed_device(user)
    if device is None:
        raise ValidationError({"code": _("You have no authenticator; set one up first")})
    _check_code(device, code, user)
    with transaction.atomic():
        audit_record(code="accounts.second_factor.verified", actor=user, unit=user.organization, obj=user)
    return device


@transaction.atomic
def second_factor_remove(*, user: User, actor: User) -> None:
    """Remove the user's authenticator: the user their own (not when their role requires one), or an administrator
    who may reset the user's password (a lost phone: the user enrols a new one at the next sign-in)."""
    if actor.pk != user.pk:
        if not may_reset_password(actor, user):
            raise PermissionDenied(Capability.PASSWORD_RESET)
    elif second_factor_required(user):
        raise ValidationError(_("Your role requires a second factor; set up a new authenticator instead"))
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        audit_record(code="accounts.second_factor.removed", actor=actor, unit=user.organization, obj=user)
