"""The register's name and the responsible person's title in the reader's language (S1–S3)."""

import pytest
from django.urls import reverse
from django.utils import translation

from consent import services as consent_services
from privacy import services
from registry.models import ControllerDetails
from tests.factories import CustomerFactory
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db

FINNISH_NAME = "Lääkärikeskus Kanalinhelmen asiakasrekisteri"
SWEDISH_NAME = "Läkarcentralen Kanalinhelmis kundregister"
ENGLISH_NAME = "Lääkärikeskus Kanalinhelmi customer register"


@pytest.fixture(autouse=True)
def finnish_afterwards():
    yield
    translation.activate("fi")


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def test_a_fresh_register_has_the_statements_name_and_title_in_three_languages():
    controller = ControllerDetails.current()
    assert (controller.register_name, controller.register_name_sv, controller.register_name_en) == (
        FINNISH_NAME,
        SWEDISH_NAME,
        ENGLISH_NAME,
    )
    assert (
        controller.responsible_person_title,
        controller.responsible_person_title_sv,
        controller.responsible_person_title_en,
    ) == ("vastaava lääkäri", "ansvarig läkare", "responsible physician")


def test_the_swedish_privacy_notice_names_the_register_and_the_title_in_swedish(client):
    page = client.get(url("consent:privacy_notice", "sv")).content.decode()
    assert SWEDISH_NAME in page
    assert "ansvarig läkare Eero Kitinoja" in page
    assert FINNISH_NAME not in page and "vastaava lääkäri" not in page


def test_the_english_privacy_notice_names_the_register_in_english(client):
    page = client.get(url("consent:privacy_notice", "en")).content.decode()
    assert ENGLISH_NAME in page and "responsible physician Eero Kitinoja" in page
    assert FINNISH_NAME not in page


def test_the_finnish_privacy_notice_keeps_the_finnish_name(client):
    page = client.get(url("consent:privacy_notice", "fi")).content.decode()
    assert FINNISH_NAME in page and "vastaava lääkäri Eero Kitinoja" in page
    assert SWEDISH_NAME not in page


def test_the_swedish_rights_page_names_the_register_in_swedish(client):
    page = client.get(url("privacy:rights", "sv")).content.decode()
    assert SWEDISH_NAME in page and FINNISH_NAME not in page


def test_a_swedish_letter_names_the_register_and_the_title_in_swedish(customer_service_user):
    dsr = in_progress(customer_service_user, customer=CustomerFactory(), language="sv")
    dsr = services.complete_request(request=dsr, by=customer_service_user)
    letter = dsr.letters.get()
    assert SWEDISH_NAME in letter.html and "Eero Kitinoja, ansvarig läkare" in letter.html
    assert FINNISH_NAME not in letter.html


def test_a_missing_translation_falls_back_to_finnish(client):
    controller = ControllerDetails.current()
    controller.register_name_sv = ""
    controller.save()
    page = client.get(url("consent:privacy_notice", "sv")).content.decode()
    assert FINNISH_NAME in page


def test_an_archived_notice_shows_the_swedish_name_it_was_published_with(client):
    consent_services.draft_privacy_notice().publish()
    consent_services.draft_privacy_notice().publish()
    controller = ControllerDetails.current()
    controller.register_name_sv = "Ett nytt namn"
    controller.save()
    page = client.get(url("consent:privacy_notice_version", "sv", 2)).content.decode()
    assert SWEDISH_NAME in page and "Ett nytt namn" not in page


def test_the_responsible_person_edits_the_translations_in_the_admin(client, responsible_person):
    controller = ControllerDetails.current()
    client.force_login(responsible_person)
    change = reverse("admin:registry_controllerdetails_change", args=[controller.pk])
    form = client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(register_name_sv="Kanalinhelmis kundregister", responsible_person_title_en="chief physician")

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    controller.refresh_from_db()
    assert controller.register_name_sv == "Kanalinhelmis kundregister"
    assert controller.responsible_person_title_en == "chief physician"
