"""Every write to training records. Each function is one transaction with its audit event; pages, the API, the
import and the demo loader all call these."""

from bekal.training.services.agreements import (
    active_agreement_exists,
    agreement_create,
    agreement_default_end,
    agreement_move,
    agreement_renew,
    agreement_upload_document,
    agreements_refresh,
)
from bekal.training.services.attendance import attendance_record, escort_assign, escort_remove
from bekal.training.services.batches import (
    batch_create,
    batch_day_set,
    batch_move,
    calendar_errors,
    instructor_add,
    plan_days,
)
from bekal.training.services.budget import allocation_create, realisation_add
from bekal.training.services.certificates import certificate_issue, certificate_revoke
from bekal.training.services.corrections import attendance_void, enrollment_reopen
from bekal.training.services.enrollment import (
    Reason,
    candidate_eligibility,
    eligibility,
    eligibility_of,
    enrollment_complete,
    enrollment_decide,
    enrollment_end,
    enrollment_enrol,
    enrollment_nominate,
    enrollment_record_interest,
    incident_record,
)
from bekal.training.services.holidays import holiday_create, holiday_delete, holiday_update
from bekal.training.services.nomination import (
    CandidateFilters,
    enrollment_nominate_many,
    nomination_candidates,
    organising_units_in_reach,
)
from bekal.training.services.programmes import (
    ImportReport,
    parse_units,
    programme_create,
    programme_defaults,
    programme_set_active,
    programme_update,
    programmes_import,
)

__all__ = [
    "CandidateFilters",
    "ImportReport",
    "Reason",
    "active_agreement_exists",
    "agreement_create",
    "agreement_default_end",
    "agreement_move",
    "agreement_renew",
    "agreement_upload_document",
    "agreements_refresh",
    "allocation_create",
    "attendance_record",
    "attendance_void",
    "batch_create",
    "batch_day_set",
    "batch_move",
    "calendar_errors",
    "candidate_eligibility",
    "certificate_issue",
    "certificate_revoke",
    "eligibility",
    "eligibility_of",
    "enrollment_complete",
    "enrollment_decide",
    "enrollment_end",
    "enrollment_enrol",
    "enrollment_nominate",
    "enrollment_nominate_many",
    "enrollment_record_interest",
    "enrollment_reopen",
    "escort_assign",
    "escort_remove",
    "holiday_create",
    "holiday_delete",
    "holiday_update",
    "incident_record",
    "instructor_add",
    "nomination_candidates",
    "organising_units_in_reach",
    "parse_units",
    "plan_days",
    "programme_create",
    "programme_defaults",
    "programme_set_active",
    "programme_update",
    "programmes_import",
    "realisation_add",
]
