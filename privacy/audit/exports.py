"""The audit review's exports: CSV and Excel (XLSX) of the current filter (S39; issue 11 item 3).

Both show what the review shows, through the same formatter (display.py),
and both are written in batches so that an export of any size fits in
memory with a constant number of queries per batch.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return before one) as a formula, and the trail
holds text typed by customers and staff: such cells are neutralised (issue
10 item 8). The CSV prefixes them with an apostrophe, as OWASP advises; the
XLSX writes them as text cells marked "quote prefix", so the text is kept as
it is and Excel never evaluates it.
"""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from privacy.audit.display import TrailFormatter
from privacy.audit.selectors import with_review_details

BATCH = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Finnish and Swedish Excel use the comma as the decimal separator and expect semicolons.
SEMICOLON_LANGUAGES = ("fi", "sv")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def neutralise(value):
    """A CSV cell that no spreadsheet program runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def header():
    return [
        _("time"),
        _("action"),
        _("data"),
        _("record number"),
        _("record"),
        _("customer number"),
        _("customer"),
        _("username"),
        _("staff member"),
        _("role"),
        _("address"),
        _("changes"),
    ]


def values(display):
    """One entry as the export's cells, in the order of ``header()``; the time as a local datetime."""
    entry = display.entry
    return [
        display.time,
        display.action,
        display.data,
        entry.object_pk,
        display.record,
        display.customer_id if display.customer_id is not None else "",
        display.customer,
        display.username,
        display.staff,
        display.roles,
        entry.remote_addr or "",
        display.changes_text,
    ]


def displayed(entries):
    """The entries formatted batch by batch, in the order given."""
    formatter = TrailFormatter()
    batch = []
    for entry in with_review_details(entries).iterator(chunk_size=BATCH):
        batch.append(entry)
        if len(batch) == BATCH:
            yield from formatter.format(batch)
            batch = []
    if batch:
        yield from formatter.format(batch)


def filename(extension):
    return f"audit-trail-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Echo:
    def write(self, value):
        return value


def csv_response(entries):
    """The entries as CSV, streamed: semicolons and a UTF-8 BOM in Finnish and Swedish."""
    language = translation.get_language()
    semicolons = (language or "").split("-")[0] in SEMICOLON_LANGUAGES
    writer = csv.writer(_Echo(), delimiter=";" if semicolons else ",")

    def lines():
        # The rows are written after the view returns: keep the request's language.
        with translation.override(language):
            yield "\ufeff"  # so that Excel reads the file as UTF-8
            yield writer.writerow(header())
            for display in displayed(entries):
                cells = values(display)
                cells[0] = cells[0].strftime(TIME_FORMAT)
                yield writer.writerow([neutralise(cell) for cell in cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename("csv")}"'
    return response


def xlsx_response(entries):
    """The entries as an Excel workbook, written with openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail")[:31])
    bold = Font(bold=True)

    def text_cell(value):
        if isinstance(value, int) or (
            isinstance(value, str) and value.isdecimal() and value == str(int(value))
        ):
            return int(value)  # record and customer numbers as numbers
        cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
        if cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # never a formula
            cell.quotePrefix = True
        return cell

    def title_cell(value):
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.font = bold
        return cell

    sheet.append([title_cell(title) for title in header()])
    for display in displayed(entries):
        cells = values(display)
        moment = WriteOnlyCell(sheet, value=cells[0].replace(tzinfo=None))  # Excel has no time zones
        moment.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.append([moment, *(text_cell(cell) for cell in cells[1:])])

    # Write-only workbooks are saved once, at the end; a spooled file keeps a
    # small export in memory and a large one on the temporary disk.
    spool = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
