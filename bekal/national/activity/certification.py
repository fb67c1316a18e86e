"""The certification step: an LSP assessment after each finished batch, unit results, decisions, certificates."""

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from bekal.certification.models import AssessmentEvent, Certificate, Decision, TestSite, UnitResult
from bekal.core.bulk import bulk_insert, next_id, reset_sequence
from bekal.national.activity._common import person_name
from bekal.rules.selectors import rule_int

if TYPE_CHECKING:
    from bekal.national.generate import Nation


def certification(nation: "Nation") -> None:
    """An LSP assessment after each finished batch; unit results and a decision per completed participant; a
    certificate for each Kompeten decision once issued."""
    rng, today, now = nation.rng, nation.today, timezone.now()
    validity = rule_int("certification.validity_years", on=today)
    events: list[tuple[Any, ...]] = []
    results: list[tuple[Any, ...]] = []
    decisions: list[tuple[Any, ...]] = []
    certificates: list[tuple[Any, ...]] = []
    event_id, result_id = next_id(AssessmentEvent), next_id(UnitResult)
    decision_id, certificate_id = next_id(Decision), next_id(Certificate)
    for batch in nation.shared.get("finished_batches", []):
        held = batch["end"] + timedelta(days=rng.randint(1, 14))
        if held > today:
            continue
        events.append(
            (
                event_id,
                batch["batch"],
                batch["lsp"],
                person_name(rng),
                f"MET.000.{rng.randint(1000, 99999):05d}.2019",
                rng.choice([TestSite.WORKPLACE, TestSite.AD_HOC]),
                held,
                now,
            )
        )
        unit_ids = nation.shared["programme_units"][batch["programme"]]
        for enrol in batch["enrol"]:
            competent = rng.random() < 0.88
            failed = set() if competent else set(rng.sample(unit_ids, rng.randint(1, len(unit_ids))))
            for u in unit_ids:
                results.append((result_id, event_id, enrol, u, "BK" if u in failed else "K"))
                result_id += 1
            decided = min(today, held + timedelta(days=rng.randint(0, 7)))
            decisions.append((decision_id, event_id, enrol, "K" if competent else "BK", decided))
            issued = decided + timedelta(days=rng.randint(3, 21))
            if competent and issued <= today:
                valid = issued + relativedelta(years=validity)
                number = f"{batch['lsp']:04d}.{batch['programme']:05d}.{certificate_id:07d}.{issued.year}"
                certificates.append((certificate_id, decision_id, enrol, number, batch["scheme"], issued, valid))
                certificate_id += 1
            decision_id += 1
        event_id += 1
    nation.counts["assessments"] = bulk_insert(
        AssessmentEvent,
        ["id", "batch", "lsp", "assessor", "assessor_number", "test_site", "date", "created_at"],
        events,
    )
    nation.counts["unit_results"] = bulk_insert(UnitResult, ["id", "event", "enrollment", "unit", "verdict"], results)
    nation.counts["decisions"] = bulk_insert(
        Decision, ["id", "event", "enrollment", "verdict", "decided_on"], decisions
    )
    nation.counts["certificates"] = bulk_insert(
        Certificate, ["id", "decision", "enrollment", "number", "scheme", "issued_on", "valid_until"], certificates
    )
    for model in (AssessmentEvent, UnitResult, Decision, Certificate):
        reset_sequence(model)
    nation.shared["certified"] = {e for e in (c[2] for c in certificates)}
    nation.log(
        f"certification: {len(events):,} assessments, {len(results):,} unit results, {len(decisions):,} decisions, "
        f"{len(certificates):,} certificates"
    )
