"""Facts the KPIs are summed from: one narrow row per enrolment and one per release, kept exact by bekal.kpis.facts.

They hold nothing of their own. Every column is derived from the training, certification, custody and placement
records by the queries in ``facts.py``, rewritten for a person whenever one of those records of the person is saved
or deleted (signals, inside the same transaction), and rebuilt whole by ``manage.py kpis --rebuild-facts`` after a
bulk load. Whatever depends on the day of asking (released *by today*, working *by today*, measurable cohorts) is
stored as a date and decided when the figures are read, so the facts never go stale with time.
"""

from django.db import models


class EnrolmentFact(models.Model):
    """One enrolment as the training KPIs count it."""

    enrollment = models.OneToOneField(
        "training.Enrollment", on_delete=models.CASCADE, primary_key=True, related_name="kpi_fact"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey("training.Programme", on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    end_date = models.DateField()  # the batch's end: it decides the KPI year
    year = models.PositiveSmallIntegerField()  # of end_date, stored: grouping by it beats extracting it each time
    status = models.CharField(max_length=20)
    certified = models.BooleanField()  # a competency certificate was issued for this enrolment
    # The first release (not a transfer or a death) on or after the batch's end, whatever the day; and the first
    # start of work (employed or self-employed) on or after that release.
    released_on = models.DateField(null=True)
    working_on = models.DateField(null=True)
    # The first start of a job (employed, not self-employed) on or after that release: working_on with employed_on
    # splits "bekerja atau berwirausaha" into employed and self-employed only.
    employed_on = models.DateField(null=True)
    days_marked = models.PositiveIntegerField()
    days_attended = models.PositiveIntegerField()  # marked with a reason that counts as attended

    class Meta:
        indexes = [
            models.Index(fields=["year", "unit"], name="kpis_fact_year_unit"),
            # The people behind a figure, counted: the distinct people of a status (completed, certified), read
            # in person order from the index alone (PostgreSQL; the included columns are ignored elsewhere).
            models.Index(fields=["status", "person"], include=["certified", "unit"], name="kpis_fact_status_person"),
            # The people released after training and working (``people_parts``): the certified completions read
            # from the index alone in (unit, person, year) order, each unit's people grouped as they come, instead
            # of the whole table scanned and hashed (the nation's two counts 290 -> 150 ms at scale 1).
            models.Index(
                fields=["unit", "person", "year"],
                include=["released_on", "working_on", "employed_on"],
                condition=models.Q(status="completed", certified=True),
                name="kpis_fact_released_people",
            ),
            # And the few of them released after the training of more than one unit (``people_parts.
            # _spread_people``), grouped in person order from the index alone (69 -> 37 ms at scale 1).
            models.Index(
                fields=["person", "unit"],
                include=["released_on"],
                condition=models.Q(status="completed", certified=True),
                name="kpis_fact_released_spread",
            ),
            # The people certified in a year, counted (the certification rate's drill-down, ``behind``): a range
            # of the index in person order, each person once as they come (18 -> ~8 ms for a year at scale 1).
            models.Index(
                fields=["year", "person"],
                condition=models.Q(status="completed", certified=True),
                name="kpis_fact_certified_year",
            ),
        ]


class ReleaseFact(models.Model):
    """One release from custody (a transfer or a death is not one) and the first admission after it."""

    custody_period = models.OneToOneField(
        "people.CustodyPeriod", on_delete=models.CASCADE, primary_key=True, related_name="kpi_fact"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    released_on = models.DateField()
    year = models.PositiveSmallIntegerField()  # of released_on: the release cohort
    # The person has another release in the same year: only such releases need sorting to find the cohort's
    # first one in a scope (the others are first in every scope).
    repeat_in_year = models.BooleanField(db_default=False)
    # The first admission after the release of the same record, or of a record a reviewer confirmed as the same
    # person. The dates also as YYYYMMDD numbers: "back within N years" is back_key <= released_key + N * 10000,
    # which is exactly the calendar rule (a release on 29 February is followed up to 28 February).
    back_on = models.DateField(null=True)
    released_key = models.PositiveIntegerField()
    back_key = models.PositiveIntegerField(null=True)
    # The person's groups in the recidivism splits (any unit, any time), kept with the facts so that the cohorts
    # read them from the release itself instead of looking every release up in three other tables
    # (``facts.GROUPS`` says who is in each; ``facts.differences`` checks them).
    trained = models.BooleanField(db_default=False)
    certified = models.BooleanField(db_default=False)
    placed = models.BooleanField(db_default=False)

    class Meta:
        indexes = [
            models.Index(fields=["year", "unit"], name="kpis_release_year_unit"),
            models.Index(fields=["person", "year"], name="kpis_release_person_year"),
            # The few releases of a person released twice in a year: the cohorts sort them afresh each time.
            models.Index(fields=["year"], condition=models.Q(repeat_in_year=True), name="kpis_release_repeated"),
            # The single releases split by group (``cohorts.cohort_tables_split``), read from the index alone in
            # (unit, year, flags) order and counted as they come, not hashed (the nation's 66 -> ~40 ms at scale 1).
            models.Index(
                fields=["unit", "year", "trained", "certified", "placed"],
                include=["released_key", "back_key"],
                condition=models.Q(repeat_in_year=False),
                name="kpis_release_split",
            ),
        ]
