"""Every e-mail names the controller as its details say, not a name written into the template (S1; issue 17 item 6)."""

import pytest
from django.core import mail

from consent.services import send_consent_link
from privacy import services
from privacy.notifications import send_due_request_reminders
from registry.models import ControllerDetails
from tests.factories import CustomerFactory, DataSubjectRequestFactory
from tests.privacy.conftest import confirmed
from tests.privacy.test_reminders import eero, request_due_in  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

NEW_NAME = "Terveystalo Rantakylä Oy"


@pytest.fixture(autouse=True)
def renamed_controller():
    controller = ControllerDetails.current()
    controller.name = NEW_NAME
    controller.save()


def assert_names_the_controller(message):
    text = message.subject + message.body
    assert NEW_NAME in message.body
    assert "Kanalinhelmi" not in text


def test_the_confirmation_link_email(outbox):
    services.submit_request(request=DataSubjectRequestFactory.build(), site_url="https://example.fi")
    assert_names_the_controller(outbox[-1])


def test_the_extension_email(customer_service_user, outbox):
    dsr = confirmed()
    services.extend_deadline(
        request=dsr, by=customer_service_user, months=1, ground="complex", note="Paljon aineistoa"
    )
    assert_names_the_controller(outbox[-1])


def test_the_daily_reminder(eero, outbox):  # noqa: F811 - fixture
    request_due_in(-3)
    send_due_request_reminders(site_url="https://example.fi")
    assert_names_the_controller(outbox[-1])


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_consent_link_email(language):
    customer = CustomerFactory(preferred_language=language)
    send_consent_link(customer=customer, base_url="https://example.fi")
    message = mail.outbox[-1]
    assert NEW_NAME in message.subject
    assert_names_the_controller(message)
