"""The back-office front page opens with each role's work queue (issue 11 item 5; G11, S30, S31, S40).

Each line links to the page where the work is done; the queue replaces
Django's "Recent actions" panel, which told staff nothing.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataSubjectRequest, RequestLetter
from tests.conftest import make_staff
from tests.factories import DataSubjectRequestFactory

pytestmark = pytest.mark.django_db

State = DataSubjectRequest.State
INDEX = reverse("admin:index")


def request_due_in(days, **kwargs):
    """A confirmed request whose deadline is ``days`` from today (negative: overdue)."""
    kwargs.setdefault("state", State.EMAIL_CONFIRMED)
    dsr = DataSubjectRequestFactory(**kwargs)
    dsr.due_on = timezone.localdate() + timedelta(days=days)
    dsr.save(update_fields=["due_on"])
    return dsr


def section(page, key):
    start = page.index(f'id="queue-{key}"')
    end = page.find('class="module work-queue-section"', start + 1)
    return page[start : end if end > 0 else len(page)]


def front_page(client, user):
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code == 200
    return response.content.decode()


def test_open_requests_are_listed_by_due_date_with_overdue_and_soon_due_marked(client, customer_service_user):
    later = request_due_in(20, last_name="Väljä")
    overdue = request_due_in(-3, last_name="Myöhäinen")
    soon = request_due_in(5, last_name="Kiireinen")
    DataSubjectRequestFactory(state=State.COMPLETED, last_name="Valmis")

    page = section(front_page(client, customer_service_user), "open")

    assert page.index("Myöhäinen") < page.index("Kiireinen") < page.index("Väljä")
    assert "Valmis" not in page
    assert "3 avointa, 1 myöhässä, 1 erääntyy 7 päivän sisällä" in page
    assert "myöhässä 3 pv" in page and "5 pv jäljellä" in page
    url = reverse("admin:privacy_datasubjectrequest_change", args=[overdue.pk])
    assert f'<li class="queue-overdue"><a href="{url}">' in page
    assert (
        f'<li class="queue-soon"><a href="{reverse("admin:privacy_datasubjectrequest_change", args=[soon.pk])}">'
        in page
    )
    assert f'<li><a href="{reverse("admin:privacy_datasubjectrequest_change", args=[later.pk])}">' in page


def test_the_responsible_person_goes_from_the_queue_straight_to_the_approval(client, responsible_person):
    waiting = request_due_in(
        10, state=State.AWAITING_APPROVAL, pending_decision="erase", last_name="Poistettava"
    )

    page = section(front_page(client, responsible_person), "approval")

    assert "Odottaa hyväksyntääsi" in page
    assert reverse("admin:privacy_request_action", args=[waiting.pk, "approve_request"]) in page


def test_customer_service_sees_what_waits_for_the_responsible_persons_approval(client, customer_service_user):
    waiting = request_due_in(10, state=State.AWAITING_APPROVAL, pending_decision="reject")

    page = section(front_page(client, customer_service_user), "approval")

    assert "Odottaa rekisterivastaavan hyväksyntää" in page
    assert reverse("admin:privacy_datasubjectrequest_change", args=[waiting.pk]) in page
    assert "approve_request" not in page


def test_an_answer_not_yet_sent_links_to_marking_it_sent(client, customer_service_user):
    dsr = request_due_in(2, state=State.COMPLETED, last_name="Vastattu")
    letter = RequestLetter.objects.create(request=dsr, kind="answer", language="fi", html="<p>x</p>", pdf=b"")
    sent = RequestLetter.objects.create(
        request=request_due_in(2, state=State.COMPLETED, last_name="Lähetetty"),
        kind="answer",
        language="fi",
        html="<p>x</p>",
        pdf=b"",
        sent_on=timezone.localdate(),
        sent_how="post",
    )

    page = section(front_page(client, customer_service_user), "unsent")

    assert reverse("admin:privacy_request_letter_sent", args=[dsr.pk, letter.pk]) in page
    assert "Vastattu" in page and "Lähetetty" not in page and sent.pk


def test_unconfirmed_requests_about_to_expire_are_listed(client, customer_service_user, settings):
    settings.PRIVACY_CONFIRMATION_TIMEOUT = 72 * 3600
    expiring = DataSubjectRequestFactory(
        received_at=timezone.now() - timedelta(hours=60), last_name="Vanheneva"
    )
    DataSubjectRequestFactory(received_at=timezone.now() - timedelta(hours=10), last_name="Tuore")

    page = section(front_page(client, customer_service_user), "expiring")

    assert reverse("admin:privacy_datasubjectrequest_change", args=[expiring.pk]) in page
    assert "Tuore" not in page


def test_the_responsible_person_sees_lockouts_and_staff_without_an_undertaking(
    client, responsible_person, customer_service_user, settings
):
    attempt = AccessAttempt.objects.create(
        username="sanna",
        ip_address="10.0.0.7",
        user_agent="x",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )

    page = front_page(client, responsible_person)

    lockouts = section(page, "lockouts")
    assert reverse("admin:axes_accessattempt_change", args=[attempt.pk]) in lockouts
    assert "sanna" in lockouts
    undertakings = section(page, "undertakings")
    add = reverse("admin:kanalinhelmi_confidentialityundertaking_add")
    assert f"{add}?staff_member={customer_service_user.pk}" in undertakings


def test_customer_service_does_not_see_the_responsible_persons_lines(client, customer_service_user):
    page = front_page(client, customer_service_user)
    assert 'id="queue-lockouts"' not in page
    assert 'id="queue-undertakings"' not in page


def test_billing_has_no_request_queue(client, billing_user):
    page = front_page(client, billing_user)
    assert 'id="queue-open"' not in page


def test_recent_actions_panel_is_gone(client, customer_service_user):
    page = front_page(client, customer_service_user)
    assert "recent-actions-module" not in page
    assert "Työjono" in page


def test_the_queue_needs_at_most_ten_queries_however_long_it_is(
    responsible_person, django_assert_max_num_queries
):
    """A constant number of indexed queries whatever the queue holds (issue 11: at most 10)."""
    from kanalinhelmi.sites import work_queue

    for days in range(-5, 25):
        request_due_in(days)
        request_due_in(days, state=State.AWAITING_APPROVAL, pending_decision="erase")
        DataSubjectRequestFactory(received_at=timezone.now() - timedelta(hours=71))
    for _ in range(15):
        dsr = request_due_in(1, state=State.COMPLETED)
        RequestLetter.objects.create(request=dsr, kind="answer", language="fi", html="x", pdf=b"")
    for n in range(12):
        make_staff(f"uusi{n}", "Asiakaspalvelu")
    responsible_person.has_perm("privacy.view_datasubjectrequest")  # the admin has loaded these already
    with django_assert_max_num_queries(10):
        sections = work_queue(responsible_person)
    assert [len(s["lines"]) for s in sections] == [10, 10, 10, 10, 0, 10]
    assert sections[-1]["summary"] == "13 henkilöä"  # the twelve new and the responsible person
