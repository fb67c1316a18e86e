"""Files that several kinds of job return."""

import io

from django.utils.translation import gettext as _

from bekal.core.tabular import csv_writer


def refused_rows_csv(errors: list[tuple[int, list[str]]]) -> bytes:
    """Return an import's refused rows as CSV (row number in the uploaded file, reasons), readable by Excel."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([_("Row"), _("Reasons")])
    for row, reasons in errors:
        writer.writerow([row, "; ".join(reasons)])
    return out.getvalue().encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8
