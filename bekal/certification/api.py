"""Certification over the API: certificates and the certification rate."""

from datetime import date
from typing import Any

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from bekal.accounts.access import Capability, require
from bekal.certification import selectors
from bekal.core.types import AuthedRequest

router = Router(tags=["certification"])


class CertificateOut(Schema):
    id: int
    number: str
    scheme: str
    issued_on: date
    valid_until: date
    enrollment_id: int


class FiguresOut(Schema):
    completed: int
    certified: int
    rate: float


@router.get("/certificates", response=list[CertificateOut])
@paginate(PageNumberPagination)
def certificate_list(request: AuthedRequest) -> Any:
    """List the certificates of the batches the caller may see."""
    return selectors.certificates_visible_to(request.user)


@router.get("/certification-rate", response=FiguresOut)
def certification_rate(request: AuthedRequest, unit: int | None = None, year: int | None = None) -> Any:
    """Return completers, certified completers and the rate."""
    require(request.user, Capability.TRAINING_VIEW)
    return selectors.certification_figures(user=request.user, unit_id=unit, year=year)
