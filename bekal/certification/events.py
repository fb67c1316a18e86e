"""The audit events the certification app records (registered in ``apps.CertificationConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

GROUP = _("Certification")
EVENTS = {
    "certification.assessment.created": _("Assessment scheduled"),
    "certification.results.recorded": _("Assessment results recorded"),
    "certification.decision.recorded": _("LSP decision recorded"),
    "certification.certificate.issued": _("Certificate issued"),
    "certification.bnsp_report.exported": _("BNSP candidate report exported"),
}
