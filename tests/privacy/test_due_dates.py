"""Requests are answered within a month, extendable by two months with reasons (S40, GDPR Art. 12(3))."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from privacy import services
from privacy.models import DataSubjectRequest, RequestLetter, add_months
from tests.factories import DataSubjectRequestFactory
from tests.privacy.conftest import confirmed

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2026, 8, 31), date(2026, 9, 30)),
    ],
)
def test_one_calendar_month_falls_to_the_end_of_a_shorter_month(received, due):
    assert add_months(received, 1) == due


@pytest.mark.django_db
def test_request_received_late_on_january_31_in_helsinki_is_due_on_february_28():
    received = datetime(2026, 1, 31, 23, 30, tzinfo=HELSINKI)
    dsr = DataSubjectRequestFactory(received_at=received)
    assert dsr.due_on == date(2026, 2, 28)
    assert dsr.original_due_on == date(2026, 2, 28)


@pytest.mark.django_db
def test_extension_by_two_months_moves_the_due_date_and_tells_the_requester(customer_service_user, outbox):
    dsr = confirmed(received_at=datetime(2026, 1, 31, 12, tzinfo=HELSINKI))
    outbox.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 2, 20))
        dsr = services.extend_deadline(
            request=dsr, by=customer_service_user, months=2, ground="complex", note="Paljon aineistoa"
        )
    assert dsr.due_on == date(2026, 4, 30)
    assert dsr.extension_ground == "complex" and dsr.extension_reason == "Paljon aineistoa"
    assert dsr.extension_notified_at is not None
    letter = dsr.letters.get(kind=RequestLetter.Kind.EXTENSION_NOTICE)
    assert "30.4.2026" in letter.html
    # D6: the e-mail only says a letter is on its way: no attachment, no name, no date of answer.
    assert len(outbox) == 1
    assert outbox[0].attachments == []
    assert dsr.first_name not in outbox[0].body and "30.4.2026" not in outbox[0].body


@pytest.mark.django_db
def test_extension_beyond_two_months_in_all_is_refused(customer_service_user):
    dsr = confirmed()
    dsr = services.extend_deadline(request=dsr, by=customer_service_user, months=1, ground="complex")
    due = dsr.due_on
    with pytest.raises(ValidationError, match="enintään kahdella kuukaudella"):
        services.extend_deadline(request=dsr, by=customer_service_user, months=2, ground="complex")
    dsr.refresh_from_db()
    assert dsr.due_on == due
    assert dsr.extension_months == 1


@pytest.mark.django_db
def test_extension_after_the_original_due_date_is_refused(customer_service_user):
    dsr = confirmed(received_at=datetime(2026, 1, 10, 12, tzinfo=HELSINKI))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 2, 11))
        with pytest.raises(ValidationError, match="2026-02-10"):
            services.extend_deadline(request=dsr, by=customer_service_user, months=1, ground="many_requests")
    assert not dsr.letters.exists()


@pytest.mark.django_db
def test_extension_without_a_reason_is_refused(customer_service_user):
    dsr = confirmed()
    with pytest.raises(ValidationError, match="syy"):
        services.extend_deadline(request=dsr, by=customer_service_user, months=1, ground="")


@pytest.mark.django_db
def test_overdue_requests_are_open_requests_past_their_due_date():
    late = DataSubjectRequestFactory(received_at=datetime(2025, 1, 1, tzinfo=HELSINKI))
    DataSubjectRequestFactory(received_at=datetime(2025, 1, 1, tzinfo=HELSINKI), state="completed")
    DataSubjectRequestFactory()
    assert list(DataSubjectRequest.objects.overdue()) == [late]


@pytest.mark.django_db
def test_a_paper_request_received_in_the_future_is_refused(customer_service_user):
    """G11, S40: a future date of receipt would move the deadline later."""
    dsr = DataSubjectRequest(
        kind="inspection",
        first_name="Väinö",
        last_name="Laine",
        received_at=timezone.now() + timedelta(days=60),
    )
    with pytest.raises(ValidationError, match="Vastaanottoaika ei voi olla tulevaisuudessa"):
        services.record_paper_request(request=dsr, by=customer_service_user)
    assert not DataSubjectRequest.objects.exists()


@pytest.mark.django_db
def test_staff_see_a_clear_error_for_a_future_date_of_receipt(client, customer_service_user):
    client.force_login(customer_service_user)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("admin:privacy_datasubjectrequest_add"),
        {
            "kind": "inspection",
            "language": "fi",
            "received_at_0": tomorrow.isoformat(),
            "received_at_1": "10:00:00",
            "first_name": "Väinö",
            "last_name": "Laine",
            "mandate_kind": "",
        },
    )
    assert response.status_code == 200
    assert "Vastaanottoaika ei voi olla tulevaisuudessa" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()
