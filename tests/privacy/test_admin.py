"""The staff's request list and request page (S40): deadlines first, every step on the timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy import services
from privacy.audit.chain import queries_per_entry
from privacy.models import DataSubjectRequest
from tests.factories import CustomerFactory, DataSubjectRequestFactory
from tests.privacy.conftest import confirmed, in_progress

pytestmark = pytest.mark.django_db

LIST = "admin:privacy_datasubjectrequest_changelist"


def received_days_ago(days, **kwargs):
    return DataSubjectRequestFactory(received_at=timezone.now() - timedelta(days=days), **kwargs)


def test_list_is_ordered_by_due_date_with_overdue_and_soon_due_marked(client, customer_service_user):
    overdue = received_days_ago(40, last_name="Myöhäinen")
    soon = received_days_ago(27, last_name="Kiireinen")
    later = received_days_ago(1, last_name="Väljä")
    client.force_login(customer_service_user)
    page = client.get(reverse(LIST)).content.decode()
    assert page.index("Myöhäinen") < page.index("Kiireinen") < page.index("Väljä")
    assert f'class="request-overdue">{overdue.due_on.isoformat()} – myöhässä' in page
    assert f'class="request-due-soon">{soon.due_on.isoformat()} –' in page
    assert f'class="request-due-soon">{later.due_on.isoformat()}' not in page


def test_list_filters_by_kind_state_assignee_and_deadline(client, customer_service_user):
    mine = in_progress(customer_service_user, customer=CustomerFactory(), kind="correction", details="x")
    DataSubjectRequestFactory(kind="erasure")
    received_days_ago(40, kind="inspection", last_name="Myöhäinen")
    client.force_login(customer_service_user)

    def shown(query):
        response = client.get(reverse(LIST) + query)
        return list(response.context["cl"].result_list)

    assert shown("?kind__exact=correction") == [mine]
    assert shown("?state__exact=in_progress") == [mine]
    assert shown("?assignee=me") == [mine]
    assert [r.last_name for r in shown("?due=overdue")] == ["Myöhäinen"]


def test_list_page_uses_a_constant_number_of_queries(
    client, customer_service_user, django_assert_max_num_queries
):
    for _ in range(30):
        in_progress(customer_service_user, customer=CustomerFactory())
    client.force_login(customer_service_user)
    # 3 of them log the page as a view of the customers shown (S39): entry, roles, one bulk insert.
    # And the entry's link in the audit chain (issue 15).
    with django_assert_max_num_queries(18 + queries_per_entry()):
        assert client.get(reverse(LIST)).status_code == 200


def test_request_page_shows_the_timeline_actions_and_candidate_customers(client, customer_service_user):
    customer = CustomerFactory(email="aino@example.fi")
    dsr = confirmed(email="aino@example.fi")
    client.force_login(customer_service_user)
    page = client.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()
    assert "sähköpostiosoite vahvistettu" in page
    assert reverse("admin:privacy_request_action", args=[dsr.pk, "verify_identity"]) in page
    assert reverse("admin:registry_customer_change", args=[customer.pk]) in page


def test_verification_form_suggests_the_matching_customer(client, customer_service_user):
    customer = CustomerFactory(email="aino@example.fi")
    dsr = confirmed(email="aino@example.fi")
    client.force_login(customer_service_user)
    response = client.get(reverse("admin:privacy_request_action", args=[dsr.pk, "verify_identity"]))
    assert response.context["form"].initial["customer"] == customer


def test_stale_action_form_shows_a_clear_error(client, customer_service_user):
    dsr = confirmed()
    client.force_login(customer_service_user)
    url = reverse("admin:privacy_request_action", args=[dsr.pk, "propose_rejection"])
    response = client.post(url, {"version": dsr.version - 1, "reason": "legal_exception", "explanation": "x"})
    assert response.status_code == 200
    assert "Joku muu muutti tätä pyyntöä" in response.content.decode()
    dsr.refresh_from_db()
    assert dsr.state == "email_confirmed"


def test_staff_download_the_stored_letter(client, customer_service_user):
    dsr = in_progress(customer_service_user, customer=CustomerFactory())
    dsr = services.complete_request(request=dsr, by=customer_service_user)
    letter = dsr.letters.get()
    client.force_login(customer_service_user)
    response = client.get(reverse("admin:privacy_request_letter", args=[dsr.pk, letter.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(letter.pdf)
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("role", ["billing_user", "practitioner_user"])
def test_billing_and_practitioners_cannot_see_requests(client, request, role):
    dsr = confirmed()
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(LIST)).status_code == 403
    assert client.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).status_code == 403
    url = reverse("admin:privacy_request_action", args=[dsr.pk, "verify_identity"])
    assert client.post(url, {"version": dsr.version, "method": "in_person"}).status_code == 403


def test_staff_record_a_request_that_arrived_on_paper(client, customer_service_user):
    client.force_login(customer_service_user)
    response = client.post(
        reverse("admin:privacy_datasubjectrequest_add"),
        {
            "kind": "inspection",
            "language": "fi",
            "received_at_0": "2026-03-02",
            "received_at_1": "10:00:00",
            "first_name": "Väinö",
            "last_name": "Laine",
            "postal_address": "Kauppakatu 1, 26100 Rauma",
            "mandate_kind": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.channel, dsr.state) == ("paper", "email_confirmed")
    assert dsr.due_on.isoformat() == "2026-04-02"
    assert dsr.events.get().actor == customer_service_user


def test_requests_cannot_be_deleted(client, responsible_person):
    dsr = confirmed()
    client.force_login(responsible_person)
    response = client.post(reverse("admin:privacy_datasubjectrequest_delete", args=[dsr.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert DataSubjectRequest.objects.filter(pk=dsr.pk).exists()
