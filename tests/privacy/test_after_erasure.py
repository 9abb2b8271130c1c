"""After an erasure the person can still learn what is kept of their requests (G2, S33, S35, S19)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacy import services
from privacy.models import DataSubjectRequest
from registry.models import Customer
from tests.factories import CustomerFactory
from tests.privacy.conftest import admin_action, confirmed, in_progress

pytestmark = pytest.mark.django_db


def erased(customer, handler, approver, **request_fields):
    dsr = in_progress(handler, customer=customer, kind="erasure", **request_fields)
    dsr = services.propose_erasure(request=dsr, by=handler)
    dsr = services.approve_request(request=dsr, by=approver)
    assert not Customer.objects.filter(pk=customer.pk).exists()
    return dsr


def second_inspection(staff, **verify):
    dsr = confirmed(kind="inspection", email="aino@example.fi")
    dsr = services.verify_identity(request=dsr, by=staff, method="strong_eid", **verify)
    dsr = services.start_processing(request=dsr, by=staff)
    return services.complete_request(request=dsr, by=staff)


def test_second_inspection_after_erasure_lists_the_kept_request_evidence(
    customer_service_user, responsible_person
):
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen")
    erasure = erased(
        customer,
        customer_service_user,
        responsible_person,
        email="aino@example.fi",
        postal_address="Kotikatu 1, Rauma",
    )

    answer = second_inspection(customer_service_user, former_customer_number=customer.pk)

    letter = answer.letters.get(kind="answer")
    report = letter.data_export
    assert report["nothing_held"] is False and report["only_request_evidence"] is True
    requests = next(s for s in report["sections"] if s["key"] == "requests")["records"]
    erasure_record = next(r for r in requests if r["pyyntö"] == str(erasure.pk))
    assert erasure_record["laji"] == "tietojen poistaminen" and erasure_record["tila"] == "valmis"
    kept = next(s for s in report["sections"] if s["key"] == "kept")["records"]
    assert any(f"pyyntö {erasure.pk} (" in k["tieto"] for k in kept)
    assert "Asiakastietosi on poistettu rekisteristä" in letter.html
    assert f"pyyntö {erasure.pk} (" in letter.html
    assert "Kotikatu" not in str(report) and "Kotikatu" not in letter.html, "not the requests' contents"


def test_earlier_requests_of_the_customer_keep_its_number_after_erasure(
    customer_service_user, responsible_person
):
    customer = CustomerFactory()
    earlier = in_progress(customer_service_user, customer=customer, kind="prohibit_direct_marketing")
    services.complete_request(request=earlier, by=customer_service_user)
    erased(customer, customer_service_user, responsible_person)
    earlier = DataSubjectRequest.objects.get(pk=earlier.pk)
    assert earlier.customer is None and earlier.customer_number == customer.pk


def test_inspection_not_linked_to_anyone_still_says_nothing_held(customer_service_user):
    answer = second_inspection(customer_service_user)
    report = answer.letters.get(kind="answer").data_export
    assert report["nothing_held"] is True and report["sections"] == []


def test_a_customer_still_in_the_register_cannot_be_linked_as_former(customer_service_user):
    customer = CustomerFactory()
    dsr = confirmed(kind="inspection")
    with pytest.raises(ValidationError, match="on yhä rekisterissä"):
        services.verify_identity(
            request=dsr, by=customer_service_user, method="strong_eid", former_customer_number=customer.pk
        )


def test_an_unknown_former_customer_number_is_refused(customer_service_user):
    dsr = confirmed(kind="inspection")
    with pytest.raises(ValidationError, match="Entisen asiakasnumeron 999999"):
        services.verify_identity(
            request=dsr, by=customer_service_user, method="strong_eid", former_customer_number=999999
        )


def test_staff_see_and_choose_the_earlier_requests_of_an_erased_customer_by_e_mail(
    client, customer_service_user, responsible_person
):
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen")
    erasure = erased(customer, customer_service_user, responsible_person, email="aino@example.fi")
    dsr = confirmed(kind="inspection", first_name="A.", last_name="V.", email="AINO@example.fi")
    client.force_login(customer_service_user)

    page = client.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()
    assert "Poistetun asiakkaan aiemmat pyynnöt" in page and f"#{erasure.pk}" in page
    form_page = client.get(reverse("admin:privacy_request_action", args=[dsr.pk, "verify_identity"]))
    assert f'<option value="{customer.pk}">' in form_page.content.decode()

    response = admin_action(
        client, dsr, "verify_identity", method="strong_eid", former_customer_number=customer.pk
    )
    assert response.status_code == 302
    dsr.refresh_from_db()
    assert dsr.state == "identity_verified" and dsr.customer is None and dsr.customer_number == customer.pk
