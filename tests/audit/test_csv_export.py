"""The responsible person exports the current filter of the trail as CSV (S39)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.audit.conftest import helsinki, view_entry
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def exported_rows(client, **filters):
    response = client.get(reverse("audit_review:export"), filters)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_export_has_a_header_and_one_row_per_entry_of_the_filter(reviewer_client, customer_service_user):
    customer_service_user.first_name, customer_service_user.last_name = "Sanna", "Lehtinen"
    customer_service_user.save()
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen")
    view_entry(customer, customer_service_user, helsinki(2026, 3, 2, 10, 15))
    view_entry(CustomerFactory(), customer_service_user, helsinki(2026, 3, 2, 11))
    header, *rows = exported_rows(reviewer_client, customer=customer.pk, action="access")
    assert header[:3] == ["aika", "toimenpide", "tieto"]  # Finnish is the back-office language
    assert rows == [
        [
            "2026-03-02T10:15:00+02:00",
            "katsottu",
            "Asiakas",
            str(customer.pk),
            "Virtanen Aino",
            str(customer.pk),
            "sanna",
            "Sanna Lehtinen",
            "Asiakaspalvelu",
            "",
            "",
        ]
    ]


def test_export_includes_the_recorded_changes(reviewer_client):
    customer = CustomerFactory(email="vanha@example.fi")
    customer.email = "uusi@example.fi"
    customer.save()
    _header, *rows = exported_rows(reviewer_client, customer=customer.pk, action="change")
    [row] = rows
    assert '"email": ["vanha@example.fi", "uusi@example.fi"]' in row[-1]


def test_export_of_an_invalid_filter_shows_the_form_again(reviewer_client):
    response = reviewer_client.get(reverse("audit_review:export"), {"since": "eilen"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["since"]
