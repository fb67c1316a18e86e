"""``manage.py kpis --unit NAME --year YEAR [--format table|csv]``: the dashboard's figures for scheduled reports.

``--rebuild-facts`` and ``--check-facts`` rewrite or check the facts the figures are summed from (bekal.kpis.facts).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from bekal.accounts.models import Role
from bekal.core.tabular import csv_writer
from bekal.kpis import facts, selectors, warm
from bekal.organizations.models import Organization, OrganizationKind


class NationalReader:
    """The command reads as a national viewer: every unit (it is run by whoever runs the server)."""

    is_authenticated = True
    organization = None
    pk = None

    def has_role(self, *roles: str) -> bool:
        return Role.NATIONAL_VIEWER in roles


class Command(BaseCommand):
    help = "Print every KPI of a unit (or the nation) for a year, as a table or as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="", help="the unit's exact name; the whole nation when omitted")
        parser.add_argument("--year", type=int, default=None, help="the year (see the README for which date)")
        parser.add_argument("--format", choices=["table", "csv"], default="table")
        parser.add_argument(
            "--rebuild-facts",
            action="store_true",
            help="rewrite every KPI fact from the records (after a bulk load that sent no signals), then stop",
        )
        parser.add_argument(
            "--check-facts",
            action="store_true",
            help="compare the stored KPI facts with the records, list what differs and fail when anything does",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild_facts"]:
            written = warm.facts_rebuild()
            self.stdout.write(
                _("KPI facts rewritten: %(enrolments)s enrolments, %(releases)s releases")
                % {"enrolments": written["enrolments"], "releases": written["releases"]}
            )
            return
        if options["check_facts"]:
            differences = facts.differences()
            for line in differences:
                self.stdout.write(line)
            if differences:
                raise CommandError(
                    _("%(count)s KPI facts differ from the records: run manage.py kpis --rebuild-facts")
                    % {"count": len(differences)}
                )
            self.stdout.write(_("The KPI facts agree with the records."))
            return
        unit_id = kanwil = None
        about = "Nasional"
        if options["unit"]:
            unit = Organization.objects.filter(
                name=options["unit"], kind__in=[*OrganizationKind.correctional_units(), OrganizationKind.KANWIL]
            ).first()
            if unit is None:
                raise CommandError(
                    _("Unknown unit %(name)s: give a unit's exact name") % {"name": repr(options["unit"])}
                )
            if unit.kind == OrganizationKind.KANWIL:
                kanwil = unit.pk
            else:
                unit_id = unit.pk
            about = unit.name
        reader: Any = NationalReader()
        row = selectors.kpi_table(
            user=reader,
            today=timezone.localdate(),
            year=options["year"],
            unit=unit_id,
            kanwil=kanwil,
        )
        lines = []
        for kpi in selectors.KPIS:
            figure = row.figures[kpi]
            lines.append(
                [
                    kpi,
                    str(selectors.LABELS[kpi]),
                    "" if figure is None else str(figure.count),
                    "" if figure is None else str(figure.total),
                    "" if figure is None or figure.percent is None else str(figure.percent),
                    "–" if figure is None else figure.display,
                ]
            )
        if options["format"] == "csv":
            writer = csv_writer(self.stdout)
            writer.writerow(["kpi", "label", "numerator", "denominator", "percent", "display"])
            writer.writerows(lines)
            return
        self.stdout.write(f"{about} · {options['year'] or 'semua tahun'}")
        width = max(len(line[1]) for line in lines)
        for _key, label, count, total, _percent, display in lines:
            out_of = f"{count} / {total}" if count else ""
            self.stdout.write(f"{label:<{width}}  {display:>5}  {out_of}")
