"""Linking a request to a customer is done with both in view (issue 11 item 6, S34).

The picker tells apart customers of the same name, the verify page shows the
request beside the chosen customer, nothing is pre-selected as the method,
and every refusal says where it is put right.
"""

import pytest
from django.urls import reverse

from privacy.models import DataSubjectRequest
from tests.factories import CustomerFactory
from tests.privacy.conftest import attach_scan, confirmed

pytestmark = pytest.mark.django_db


def verify_url(dsr):
    return reverse("admin:privacy_request_action", args=[dsr.pk, "verify_identity"])


def test_the_picker_tells_apart_two_customers_of_the_same_name(client, customer_service_user):
    first = CustomerFactory(
        first_name="Mikael", last_name="Virtanen", email="mikael@example.fi", phone="+358401112222"
    )
    second = CustomerFactory(first_name="Mikael", last_name="Virtanen", email="", phone="+358409998888")
    client.force_login(customer_service_user)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "privacy",
            "model_name": "datasubjectrequest",
            "field_name": "customer",
            "term": "Virtanen",
        },
    )
    texts = {int(result["id"]): result["text"] for result in response.json()["results"]}
    assert texts[first.pk] == f"Virtanen Mikael · nro {first.pk} · mikael@example.fi · +358 40 1112222"
    assert texts[second.pk] == f"Virtanen Mikael · nro {second.pk} · +358 40 9998888"


def test_the_verify_page_shows_the_request_beside_the_suggested_customer(client, customer_service_user):
    customer = CustomerFactory(
        first_name="Aino", last_name="Virtanen", email="aino@example.fi", phone="+358401234567"
    )
    dsr = confirmed(
        first_name="Aino", last_name="Virtanen", email="aino@example.fi", postal_address="Kuja 1, Turku"
    )
    client.force_login(customer_service_user)
    page = client.get(verify_url(dsr)).content.decode()
    start = page.index('class="identity-comparison"')
    table = page[start : page.index("</table>", start)]
    assert "Pyynnössä" in table and "Valittu asiakas" in table
    assert "Kuja 1, Turku" in table
    assert f'data-customer="number">{customer.pk}</td>' in table
    assert 'data-customer="phone">+358 40 1234567</td>' in table


def test_no_verification_method_is_pre_selected(client, customer_service_user):
    dsr = confirmed()
    client.force_login(customer_service_user)
    page = client.get(verify_url(dsr)).content.decode()
    assert '<option value="" selected>—</option>' in page
    assert '<option value="signed_letter" selected>' not in page

    response = client.post(verify_url(dsr), {"version": dsr.version, "customer": CustomerFactory().pk})
    assert "Valitse, miten henkilöllisyys todennettiin." in response.content.decode()


def test_a_missing_scan_links_to_attaching_it_and_back_to_the_verification(client, customer_service_user):
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen")
    dsr = confirmed(first_name="Aino", last_name="Virtanen")
    client.force_login(customer_service_user)
    response = client.post(
        verify_url(dsr), {"version": dsr.version, "method": "signed_letter", "customer": customer.pk}
    )
    page = response.content.decode()
    attach = (
        reverse("admin:privacy_request_attach", args=[dsr.pk])
        + "?kind=signed_letter&amp;then=verify_identity"
    )
    assert f'<a href="{attach}">Liitä skannaus</a>' in page

    form = client.get(attach.replace("&amp;", "&")).content.decode()
    assert '<option value="signed_letter" selected>' in form


def test_after_attaching_from_the_link_staff_are_back_on_the_verification(client, customer_service_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.privacy.conftest import SCANNED_PDF

    dsr = confirmed()
    client.force_login(customer_service_user)
    response = client.post(
        reverse("admin:privacy_request_attach", args=[dsr.pk]) + "?kind=signed_letter&then=verify_identity",
        {
            "kind": "signed_letter",
            "file": SimpleUploadedFile("kirje.pdf", SCANNED_PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == verify_url(dsr)


def test_a_customer_of_another_name_needs_a_note_and_the_error_stands_by_the_note(
    client, customer_service_user
):
    other = CustomerFactory(first_name="Eino", last_name="Korhonen")
    dsr = confirmed(first_name="Aino", last_name="Virtanen")
    attach_scan(dsr, "signed_letter")
    dsr.refresh_from_db()
    client.force_login(customer_service_user)
    response = client.post(
        verify_url(dsr), {"version": dsr.version, "method": "strong_eid", "customer": other.pk}
    )
    form = response.context["form"]
    assert form.errors["note"][0].startswith("Pyynnön nimi- ja yhteystiedot eivät vastaa")
    assert DataSubjectRequest.objects.get(pk=dsr.pk).state == "email_confirmed"


def test_a_stale_form_links_to_the_request_opened_again(client, customer_service_user):
    dsr = confirmed()
    client.force_login(customer_service_user)
    response = client.post(
        verify_url(dsr),
        {"version": dsr.version - 1, "method": "strong_eid", "customer": CustomerFactory().pk},
    )
    page = response.content.decode()
    assert (
        f'<a href="{reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])}">Avaa pyyntö uudelleen</a>'
        in page
    )
