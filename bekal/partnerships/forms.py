"""The shape of the partnership pages' input; the services check the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bekal.core.forms import DateInput
from bekal.organizations.models import Official, Organization, OrganizationKind, Region
from bekal.organizations.scope import unit_scope
from bekal.partnerships.models import ActionStatus, CommitmentKind, Forum, Meeting, MeetingKind, MeetingStatus, Stage
from bekal.partnerships.selectors import OFFICE_KINDS, forums_visible_to
from bekal.training.models import Agreement, Programme

UNIT_KINDS = [*OrganizationKind.correctional_units(), OrganizationKind.KANWIL]


def own_units(user: Any) -> QuerySet[Organization]:
    """Return the units and Kanwil the user may record partnership work for."""
    scope = unit_scope(user)
    rows = Organization.objects.filter(kind__in=UNIT_KINDS).order_by("name")
    return rows if scope.everything else rows.filter(pk__in=scope.unit_ids)


def partner_choices() -> QuerySet[Organization]:
    """Return the organisations that may be partners: everything but the ministry's own offices."""
    return Organization.objects.active().exclude(kind__in=OFFICE_KINDS).order_by("name")


def parse_people(text: str) -> list[tuple[str, str, str]]:
    """Return the lines "Name; Position[; Organisation]" as (name, position, organisation) triples."""
    rows = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split(";")]
        if parts and parts[0]:
            rows.append((parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""))
    return rows


class MeetingForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Organization.objects.none())
    partners = forms.ModelMultipleChoiceField(label=gettext_lazy("Partners"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MeetingKind.choices)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[(MeetingStatus.HELD, _("Held")), (MeetingStatus.PLANNED, _("Planned"))]
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    agenda = forms.CharField(label=gettext_lazy("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    outcome = forms.CharField(
        label=gettext_lazy("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    unit_attendees = forms.CharField(
        label=gettext_lazy("Attendees of the unit"),
        help_text=gettext_lazy("One per line: name; position"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    partner_attendees = forms.CharField(
        label=gettext_lazy("Attendees of the partners"),
        help_text=gettext_lazy("One per line: name; position; partner (the first partner when left out)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    forum = forms.ModelChoiceField(label=gettext_lazy("Forum"), queryset=Forum.objects.none(), required=False)
    minutes = forms.FileField(label=gettext_lazy("Minutes (berita acara, PDF)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = own_units(user)  # type: ignore[attr-defined]
        self.fields["partners"].queryset = partner_choices()  # type: ignore[attr-defined]
        self.fields["forum"].queryset = forums_visible_to(user)  # type: ignore[attr-defined]

    def attendees(self) -> list[dict[str, Any]]:
        """Return the attendees typed, each on the side it was typed for."""
        return typed_attendees(
            self.cleaned_data["unit"],
            list(self.cleaned_data["partners"]),
            self.cleaned_data.get("unit_attendees", ""),
            self.cleaned_data.get("partner_attendees", ""),
        )


def typed_attendees(
    unit: Organization, partners: list[Organization], unit_text: str, partner_text: str
) -> list[dict[str, Any]]:
    """Return the attendees typed, each on the side it was typed for (an official of the unit when the name matches
    one; a partner's attendee with the first partner when their organisation is left out)."""
    officials = {o.name.lower(): o for o in Official.objects.filter(unit=unit, is_active=True)}
    rows: list[dict[str, Any]] = []
    for name, position, _org in parse_people(unit_text or ""):
        rows.append({"organization": unit, "official": officials.get(name.lower()), "name": name, "position": position})
    by_name = {p.name.lower(): p for p in partners}
    for name, position, org_name in parse_people(partner_text or ""):
        org = by_name.get(org_name.lower()) if org_name else (partners[0] if partners else None)
        rows.append({"organization": org, "official": None, "name": name, "position": position})
    return rows


class MeetingEditForm(forms.Form):
    """A meeting's date, place, agenda, outcome and attendees, filled with what is recorded (the same fields as when
    it was recorded)."""

    date = MeetingForm.base_fields["date"]
    place = MeetingForm.base_fields["place"]
    agenda = MeetingForm.base_fields["agenda"]
    outcome = MeetingForm.base_fields["outcome"]
    unit_attendees = MeetingForm.base_fields["unit_attendees"]
    partner_attendees = MeetingForm.base_fields["partner_attendees"]

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        self.meeting = meeting
        ours = [a for a in meeting.attendees.all() if a.organization_id == meeting.unit_id]
        theirs = [a for a in meeting.attendees.all() if a.organization_id != meeting.unit_id]
        initial = {
            "date": meeting.date,
            "place": meeting.place,
            "agenda": meeting.agenda,
            "outcome": meeting.outcome,
            "unit_attendees": "\n".join(f"{a.name}; {a.position}" for a in ours),
            "partner_attendees": "\n".join(f"{a.name}; {a.position}; {a.organization.name}" for a in theirs),
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def attendees(self) -> list[dict[str, Any]]:
        """Return the attendees typed, on the meeting's unit and partners."""
        return typed_attendees(
            self.meeting.unit,
            list(self.meeting.partners.all()),
            self.cleaned_data.get("unit_attendees", ""),
            self.cleaned_data.get("partner_attendees", ""),
        )


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[(MeetingStatus.HELD, _("Held")), (MeetingStatus.CANCELLED, _("Cancelled"))],
    )
    outcome = forms.CharField(
        label=gettext_lazy("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class MinutesForm(forms.Form):
    minutes = forms.FileField(label=gettext_lazy("Minutes (berita acara, PDF)"))


class ActionForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Action"), max_length=300)
    due_date = forms.DateField(label=gettext_lazy("Due date"), widget=DateInput())
    owner_org = forms.ModelChoiceField(
        label=gettext_lazy("Owner (organisation)"), queryset=Organization.objects.none(), required=False
    )
    owner_user = forms.ModelChoiceField(
        label=gettext_lazy("Owner (person)"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        from bekal.accounts.models import User

        super().__init__(*args, **kwargs)
        parties = [meeting.unit_id, *[p.pk for p in meeting.partners.all()]]
        self.fields["owner_org"].queryset = Organization.objects.filter(pk__in=parties)  # type: ignore[attr-defined]
        self.fields["owner_user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organization_id__in=parties, is_active=True
        ).order_by("first_name", "username")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ActionStatus.choices)
    on = forms.DateField(label=gettext_lazy("On"), widget=DateInput())


class PartnershipForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Organization.objects.none())
    partners = forms.ModelMultipleChoiceField(label=gettext_lazy("Partners"), queryset=Organization.objects.none())
    title = forms.CharField(label=gettext_lazy("Title"), max_length=250)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = own_units(user)  # type: ignore[attr-defined]
        self.fields["partners"].queryset = partner_choices()  # type: ignore[attr-defined]


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Step"), choices=Stage.choices)
    due_date = forms.DateField(label=gettext_lazy("Due date"), widget=DateInput(), required=False)
    done_on = forms.DateField(label=gettext_lazy("Done on"), widget=DateInput(), required=False)
    meeting = forms.ModelChoiceField(label=gettext_lazy("Meeting"), queryset=Meeting.objects.none(), required=False)
    agreement = forms.ModelChoiceField(
        label=gettext_lazy("Agreement"), queryset=Agreement.objects.none(), required=False
    )
    programmes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Requested programmes"), queryset=Programme.objects.none(), required=False
    )
    participants = forms.IntegerField(
        label=gettext_lazy("Requested participants"), min_value=1, max_value=100000, required=False
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)
    document = forms.FileField(label=gettext_lazy("Document (PDF)"), required=False)

    def __init__(self, *args: Any, unit: Organization, partner_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(unit=unit)  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = Agreement.objects.filter(unit=unit)  # type: ignore[attr-defined]
        self.fields["programmes"].queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            provider_id__in=partner_ids
        )


class ForumForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    region = forms.ModelChoiceField(label=gettext_lazy("Province or regency"), queryset=Region.objects.all())
    convener = forms.ModelChoiceField(label=gettext_lazy("Convener"), queryset=Organization.objects.none())
    members = forms.ModelMultipleChoiceField(label=gettext_lazy("Members"), queryset=Organization.objects.none())
    founded_on = forms.DateField(label=gettext_lazy("Founded on"), widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["convener"].queryset = own_units(user)  # type: ignore[attr-defined]
        self.fields["members"].queryset = Organization.objects.active().order_by("name")  # type: ignore[attr-defined]


class ForumEditForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    region = forms.ModelChoiceField(label=gettext_lazy("Province or regency"), queryset=Region.objects.all())


class MemberForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organization.objects.active().order_by("name")
    )


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CommitmentKind.choices)
    text = forms.CharField(label=gettext_lazy("Text"), max_length=300)
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner organisation"), queryset=Organization.objects.none(), required=False
    )
    number = forms.IntegerField(label=gettext_lazy("Number"), min_value=1, max_value=100000, required=False)
    due_date = forms.DateField(label=gettext_lazy("Due date"), widget=DateInput(), required=False)
    meeting = forms.ModelChoiceField(label=gettext_lazy("Meeting"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, forum: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = forum.members.order_by("name")  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = Meeting.objects.filter(forum=forum)  # type: ignore[attr-defined]


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ActionStatus.choices)


class AwardForm(forms.Form):
    partner = forms.ModelChoiceField(label=gettext_lazy("Partner"), queryset=Organization.objects.none())
    given_by = forms.ModelChoiceField(label=gettext_lazy("Given by"), queryset=Organization.objects.none())
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Handed over at"), queryset=Organization.objects.none(), required=False
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    title = forms.CharField(label=gettext_lazy("For"), max_length=250)
    number = forms.CharField(label=gettext_lazy("Number"), max_length=80, required=False)
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Handover meeting"), queryset=Meeting.objects.none(), required=False
    )
    document = forms.FileField(label=gettext_lazy("Award document (PDF)"), required=False)
    minutes = forms.FileField(label=gettext_lazy("Minutes of the handover (berita acara, PDF)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner_choices()  # type: ignore[attr-defined]
        self.fields["given_by"].queryset = own_units(user)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = own_units(user)  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            unit__in=own_units(user)
        ).order_by("-date")
