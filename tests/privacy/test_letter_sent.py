"""When and how each letter left the clinic (G11, S35, S40).

A request is "completed" when its answer is written; the answer holds
personal data and still has to be posted or handed over. Staff mark each
letter sent, the step goes on the request's timeline, and the request list
shows the answers still waiting to be posted.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacy import services
from privacy.audit.chain import queries_per_entry
from privacy.models import DataSubjectRequest, RequestLetter
from tests.conftest import make_staff
from tests.factories import CustomerFactory
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db

LIST = "admin:privacy_datasubjectrequest_changelist"


def answered(staff):
    """An inspection request answered today: its answer letter is written, not yet sent."""
    dsr = in_progress(staff, customer=CustomerFactory())
    return services.complete_request(request=dsr, by=staff)


def mark_sent_url(letter):
    return reverse("admin:privacy_request_letter_sent", args=[letter.request_id, letter.pk])


def request_page(client, dsr):
    return client.get(reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk])).content.decode()


def test_staff_mark_the_answer_posted_and_the_request_page_shows_how_when_and_by_whom(
    client, customer_service_user
):
    dsr = answered(customer_service_user)
    letter = dsr.letters.get(kind="answer")
    client.force_login(customer_service_user)
    assert mark_sent_url(letter) in request_page(client, dsr)

    today = timezone.localdate()
    response = client.post(
        mark_sent_url(letter), {"how": "post", "sent_on": today.isoformat(), "note": "kirjattu kirje"}
    )

    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.sent_on, letter.sent_how, letter.sent_by) == (today, "post", customer_service_user)
    event = dsr.events.latest("at")
    assert event.description == f"kirje lähetetty: vastaus, postitse, {today.isoformat()}"
    assert (event.actor, event.note) == (customer_service_user, "kirjattu kirje")
    page = request_page(client, dsr)
    assert f"{today.isoformat()}, postitse (sanna)" in page
    assert f"kirje lähetetty: vastaus, postitse, {today.isoformat()}" in page
    assert mark_sent_url(letter) not in page


def test_the_sending_form_offers_todays_date(client, customer_service_user):
    letter = answered(customer_service_user).letters.get(kind="answer")
    client.force_login(customer_service_user)
    response = client.get(mark_sent_url(letter))
    assert response.status_code == 200
    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()


def test_an_extension_notice_can_be_marked_handed_over_while_the_request_is_open(customer_service_user):
    dsr = in_progress(customer_service_user, customer=CustomerFactory())
    dsr = services.extend_deadline(request=dsr, by=customer_service_user, months=1, ground="complex")
    notice = dsr.letters.get(kind="extension_notice")
    services.mark_letter_sent(
        letter=notice, by=customer_service_user, how="in_person", sent_on=timezone.localdate()
    )
    notice.refresh_from_db()
    assert notice.get_sent_how_display() == "luovutettu henkilökohtaisesti"
    assert dsr.events.filter(action="letter_sent", params__letter="extension_notice").exists()


def test_a_sending_day_in_the_future_is_refused_in_finnish(client, customer_service_user):
    dsr = answered(customer_service_user)
    letter = dsr.letters.get(kind="answer")
    client.force_login(customer_service_user)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(mark_sent_url(letter), {"how": "post", "sent_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "Lähetyspäivä ei voi olla tulevaisuudessa" in response.content.decode()
    letter.refresh_from_db()
    assert letter.sent_on is None
    assert not dsr.events.filter(action="letter_sent").exists()


def test_a_sending_day_before_the_letter_was_written_is_refused_in_finnish(client, customer_service_user):
    letter = answered(customer_service_user).letters.get(kind="answer")
    written = timezone.localdate(letter.created_at)
    client.force_login(customer_service_user)
    response = client.post(
        mark_sent_url(letter), {"how": "post", "sent_on": (written - timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 200
    assert (
        f"Kirje on kirjoitettu {written.isoformat()}, joten sitä ei ole voitu lähettää sitä ennen"
        in response.content.decode()
    )
    letter.refresh_from_db()
    assert letter.sent_on is None


def test_a_letter_is_marked_sent_only_once(client, customer_service_user):
    dsr = answered(customer_service_user)
    letter = dsr.letters.get(kind="answer")
    today = timezone.localdate()
    services.mark_letter_sent(letter=letter, by=customer_service_user, how="post", sent_on=today)

    with pytest.raises(ValidationError) as refused:
        services.mark_letter_sent(letter=letter, by=customer_service_user, how="secure_email", sent_on=today)
    assert refused.value.messages == [
        f"Tämä kirje on jo merkitty lähetetyksi {today.isoformat()} (postitse). "
        "Lähetystä ei voi merkitä uudelleen."
    ]
    client.force_login(customer_service_user)
    response = client.post(mark_sent_url(letter), {"how": "secure_email", "sent_on": today.isoformat()})
    assert response.status_code == 200
    assert "Tämä kirje on jo merkitty lähetetyksi" in response.content.decode()
    letter.refresh_from_db()
    assert letter.sent_how == "post"
    assert dsr.events.filter(action="letter_sent").count() == 1


def test_list_filter_shows_handled_requests_whose_answer_is_not_yet_sent(
    client, customer_service_user, responsible_person
):
    waiting = answered(customer_service_user)
    posted = answered(customer_service_user)
    services.mark_letter_sent(
        letter=posted.letters.get(kind="answer"),
        by=customer_service_user,
        how="post",
        sent_on=timezone.localdate(),
    )
    rejected = services.propose_rejection(
        request=in_progress(customer_service_user, customer=CustomerFactory()),
        by=customer_service_user,
        reason="unfounded_or_excessive",
        explanation="Sama pyyntö kolmannen kerran tässä kuussa.",
    )
    rejected = services.approve_request(request=rejected, by=responsible_person)
    in_progress(customer_service_user, customer=CustomerFactory())  # nothing written yet
    client.force_login(customer_service_user)

    response = client.get(reverse(LIST) + "?answer=not_sent")

    assert "Vastausta ei ole vielä lähetetty" in response.content.decode()
    assert {r.pk for r in response.context["cl"].result_list} == {waiting.pk, rejected.pk}


def test_filtered_list_page_uses_a_constant_number_of_queries(
    client, customer_service_user, django_assert_max_num_queries
):
    for _ in range(3):
        answered(customer_service_user)
    client.force_login(customer_service_user)
    # 3 of them log the page as a view of the customers shown (S39): entry, roles, one bulk insert.
    # And the view entry's link in the audit chain (issue 15).
    with django_assert_max_num_queries(18 + queries_per_entry()):
        response = client.get(reverse(LIST) + "?answer=not_sent")
    assert len(response.context["cl"].result_list) == 3


def test_staff_who_may_only_view_requests_cannot_mark_a_letter_sent(client, customer_service_user):
    from django.contrib.auth.models import Permission

    letter = answered(customer_service_user).letters.get(kind="answer")
    viewer = make_staff("katsoja")
    viewer.user_permissions.add(Permission.objects.get(codename="view_datasubjectrequest"))
    client.force_login(viewer)

    assert mark_sent_url(letter) not in request_page(client, letter.request)
    response = client.post(
        mark_sent_url(letter), {"how": "post", "sent_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="Vain tietosuojapyyntöjä käsittelevä henkilökunta"):
        services.mark_letter_sent(letter=letter, by=viewer, how="post", sent_on=timezone.localdate())
    letter.refresh_from_db()
    assert letter.sent_on is None


@pytest.mark.parametrize("role", ["billing_user", "practitioner_user"])
def test_billing_and_practitioners_cannot_mark_letters_sent(client, request, customer_service_user, role):
    letter = answered(customer_service_user).letters.get(kind="answer")
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        mark_sent_url(letter), {"how": "post", "sent_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 403
    assert RequestLetter.objects.get(pk=letter.pk).sent_on is None


def test_a_letter_of_another_request_is_not_found(client, customer_service_user):
    letter = answered(customer_service_user).letters.get(kind="answer")
    other = in_progress(customer_service_user, customer=CustomerFactory())
    client.force_login(customer_service_user)
    url = reverse("admin:privacy_request_letter_sent", args=[other.pk, letter.pk])
    assert client.get(url).status_code == 404
    assert DataSubjectRequest.objects.get(pk=other.pk).state == "in_progress"


def test_the_audit_trail_records_who_marked_the_letter_sent_but_not_its_text(client, customer_service_user):
    """S39: writing and sending an answer are changes in the audit trail; the letter's personal data is not copied there."""
    from auditlog.models import LogEntry

    letter = answered(customer_service_user).letters.get(kind="answer")
    client.force_login(customer_service_user)
    client.post(
        mark_sent_url(letter), {"how": "post", "sent_on": timezone.localdate().isoformat(), "note": ""}
    )

    entries = LogEntry.objects.get_for_object(letter)
    update = entries.get(action=LogEntry.Action.UPDATE)
    assert update.actor == customer_service_user
    assert set(update.changes_dict) >= {"sent_on", "sent_how", "sent_by"}
    assert all("html" not in entry.changes_dict and "pdf" not in entry.changes_dict for entry in entries)
