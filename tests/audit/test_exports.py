"""The responsible person exports the current filter of the trail as CSV or Excel (S39; issue 11 item 3).

Finnish and Swedish Excel read semicolon-separated CSV with a UTF-8 BOM; an
XLSX file opens in any Excel. Cells that a spreadsheet would run as a
formula are neutralised in both (issue 10 item 8).
"""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.audit.conftest import helsinki, view_entry
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def exported_csv(client, language="fi", **filters):
    response = client.get(reverse("audit_review:export"), filters, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    return b"".join(response.streaming_content)


def csv_rows(content, delimiter=";"):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def exported_xlsx(client, **filters):
    response = client.get(reverse("audit_review:export_xlsx"), filters, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="audit-trail-' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


@pytest.fixture
def viewed_customer(customer_service_user):
    customer_service_user.first_name, customer_service_user.last_name = "Sanna", "Lehtinen"
    customer_service_user.save()
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen")
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10, 15))
    view_entry(CustomerFactory(), customer_service_user, helsinki(2026, 3, 2, 11))
    return customer


def expected_row(customer):
    return [
        "2026-03-02 10:15:00",
        "katsottu",
        "Asiakas",
        str(customer.pk),
        "Virtanen Aino",
        str(customer.pk),
        "Aino Virtanen",
        "sanna",
        "Sanna Lehtinen",
        "Asiakaspalvelu",
        "",
        "",
    ]


def test_finnish_csv_is_semicolon_separated_with_a_bom(reviewer_client, viewed_customer):
    header, *rows = csv_rows(exported_csv(reviewer_client, customer=viewed_customer.pk, action="access"))
    assert header[:3] == ["aika", "toimenpide", "tieto"]
    assert rows == [expected_row(viewed_customer)]


def csv_in(language, customer):
    """The export as written in ``language`` (the back-office's URLs are Finnish; the export follows the language)."""
    from auditlog.models import LogEntry

    from privacy.audit.exports import csv_response

    entries = LogEntry.objects.filter(customer_link__customer_id=customer.pk, action=LogEntry.Action.ACCESS)
    with translation.override(language):
        response = csv_response(entries)
    return b"".join(response.streaming_content)


def test_swedish_csv_is_semicolon_separated_too(viewed_customer):
    header, *rows = csv_rows(csv_in("sv", viewed_customer))
    assert header[:3] == ["tid", "åtgärd", "uppgift"]
    assert len(header) == 12 and len(rows) == 1


def test_english_csv_is_comma_separated(viewed_customer):
    header, *rows = csv_rows(csv_in("en", viewed_customer), delimiter=",")
    assert header[:3] == ["time", "action", "data"]
    assert len(header) == 12 and len(rows) == 1


def test_xlsx_has_the_same_rows_with_a_real_local_time(reviewer_client, viewed_customer):
    from datetime import datetime

    sheet = exported_xlsx(reviewer_client, customer=viewed_customer.pk, action="access")
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["aika", "toimenpide", "tieto"]
    [row] = rows
    assert row[0] == datetime(2026, 3, 2, 10, 15)
    expected = expected_row(viewed_customer)[1:]
    expected[2] = expected[4] = viewed_customer.pk  # record and customer numbers are numbers
    assert [cell or "" for cell in row[1:]] == expected


def test_exports_show_the_changes_as_the_review_does(reviewer_client):
    customer = CustomerFactory(email="vanha@example.fi")
    customer.email = "uusi@example.fi"
    customer.save()
    _header, *rows = csv_rows(exported_csv(reviewer_client, customer=customer.pk, action="change"))
    [row] = rows
    assert row[-1] == "sähköposti: vanha@example.fi → uusi@example.fi"
    sheet = exported_xlsx(reviewer_client, customer=customer.pk, action="change")
    assert sheet.cell(row=2, column=12).value == "sähköposti: vanha@example.fi → uusi@example.fi"


FORMULAS = ['=HYPERLINK("http://evil.example")', "+358401234567", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_that_would_run_as_formulas_are_neutralised(reviewer_client, formula):
    """Issue 10 item 8: a name typed as =HYPERLINK(...) must not run in Excel."""
    customer = CustomerFactory(first_name=formula, last_name="Hyökkääjä")
    header, *rows = csv_rows(exported_csv(reviewer_client, customer=customer.pk, action="create"))
    [row] = rows
    customer_name = row[header.index("asiakas")]
    assert customer_name == "'" + formula + " Hyökkääjä"
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


# A carriage return does not survive the XML of an XLSX as it is; the CSV test covers it.
@pytest.mark.parametrize("formula", FORMULAS[:-1])
def test_xlsx_cells_that_would_run_as_formulas_are_text(reviewer_client, formula):
    customer = CustomerFactory(first_name=formula, last_name="Hyökkääjä")
    sheet = exported_xlsx(reviewer_client, customer=customer.pk, action="create")
    cells = next(sheet.iter_rows(min_row=2))
    assert all(cell.data_type != "f" for cell in cells)
    [name] = [cell for cell in cells if cell.value == formula + " Hyökkääjä"]
    assert name.data_type == "s" and name.quotePrefix


def test_export_of_an_invalid_filter_shows_the_form_again(reviewer_client):
    for name in ("audit_review:export", "audit_review:export_xlsx"):
        response = reviewer_client.get(reverse(name), {"since": "eilen"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert response.context["form"].errors["since"]


def test_review_offers_both_exports_of_the_current_filter(reviewer_client):
    page = reviewer_client.get(reverse("audit_review:review"), {"action": "access"}).content.decode()
    assert f"{reverse('audit_review:export')}?action=access" in page
    assert f"{reverse('audit_review:export_xlsx')}?action=access" in page


def test_a_long_export_is_written_in_batches_with_the_same_queries_per_batch(
    reviewer_client, customer_service_user, billing_user, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("privacy.audit.exports.BATCH", 5)
    customer = CustomerFactory()

    def export():
        with CaptureQueriesContext(connection) as queries:
            _header, *rows = csv_rows(exported_csv(reviewer_client, customer=customer.pk, action="access"))
        return rows, len(queries)

    for hour in range(5):
        view_entry(customer, (customer_service_user, billing_user)[hour % 2], helsinki(2026, 3, 2, 8 + hour))
    one_batch, one_batch_queries = export()
    for hour in range(5):
        view_entry(customer, (customer_service_user, billing_user)[hour % 2], helsinki(2026, 3, 3, 8 + hour))
    two_batches, two_batch_queries = export()
    assert len(one_batch) == 5 and len(two_batches) == 10
    assert [row[0] for row in two_batches] == sorted((row[0] for row in two_batches), reverse=True)
    assert two_batch_queries - one_batch_queries <= 4  # the second batch's staff and customers
