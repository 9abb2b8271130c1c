"""The privacy notice is rendered from data, versioned, with an archive (S1–S18)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from consent import services
from consent.models import PrivacyNotice
from registry.models import ControllerDetails

pytestmark = pytest.mark.django_db


def notice_url(language="fi"):
    with translation.override(language):
        return reverse("consent:privacy_notice")


def test_the_notice_is_at_tietosuojaseloste_in_finnish_and_translated_elsewhere():
    assert notice_url("fi") == "/tietosuojaseloste/"
    assert notice_url("sv") == "/sv/dataskyddsbeskrivning/"
    assert notice_url("en") == "/en/privacy-notice/"


def test_the_notice_shows_controller_contact_person_and_register_name(client):
    page = client.get(notice_url()).content.decode()
    assert "Lääkärikeskus Kanalinhelmi Oy" in page
    assert "3386427-8" in page
    assert "Nortamonkatu 18, 26100 Rauma" in page
    assert "Eero Kitinoja" in page
    assert "Lääkärikeskus Kanalinhelmen asiakasrekisteri" in page


def test_the_finnish_notice_keeps_the_statements_wording(client):
    page = client.get(notice_url()).content.decode()
    assert "Yhteisrekisteriin kirjaaminen edellyttää asiakkaalta saatavaa suostumusta." in page
    assert "Tietoja ei luovuteta EU:n tai ETA:n ulkopuolelle." in page
    assert "Rekisterin suojauksen periaatteet" in page


@pytest.mark.parametrize(
    ("language", "phrase"),
    [
        ("sv", "Införande i det gemensamma registret förutsätter kundens samtycke."),
        ("en", "joint register requires"),
    ],
)
def test_the_notice_is_in_swedish_and_english(client, language, phrase):
    page = client.get(notice_url(language)).content.decode()
    assert phrase in page


def test_the_notice_shows_the_cookie_table(client):
    page = client.get(notice_url()).content.decode()
    for name in [
        "Google Analytics",
        "Google Ads",
        "Facebook-pikseli",
        "Google Search Console",
        "_ga",
        "_fbp",
        "kh_cookies",
    ]:
        assert name in page


def test_controller_details_changes_show_in_the_notice_in_force(client):
    controller = ControllerDetails.current()
    controller.phone = "+35826350000"
    controller.save()
    assert "+35826350000" in client.get(notice_url()).content.decode()


def test_a_draft_is_not_shown_until_published(client):
    draft = services.draft_privacy_notice()
    section = draft.sections.get(key="deletion")
    section.body_fi = "Poistamme tiedot kahden vuoden kuluttua."
    section.save()
    assert "kahden vuoden" not in client.get(notice_url()).content.decode()
    draft.publish()
    page = client.get(notice_url()).content.decode()
    assert "kahden vuoden" in page
    assert reverse("consent:privacy_notice_version", args=[1]) in page


def test_an_earlier_version_stays_readable_in_the_archive(client):
    services.draft_privacy_notice().publish()
    controller = ControllerDetails.current()
    controller.responsible_person_name = "Maija Meikäläinen"
    controller.save()
    page = client.get(reverse("consent:privacy_notice_version", args=[1])).content.decode()
    assert "no longer in force" in page or "ei ole enää voimassa" in page
    assert "Eero Kitinoja" in page


def test_a_published_notice_cannot_be_changed():
    notice = PrivacyNotice.current()
    section = notice.sections.get(key="your_rights")
    section.body_fi = "Muutettu"
    with pytest.raises(ValidationError):
        section.save()
    with pytest.raises(ValidationError):
        notice.delete()


def test_the_responsible_person_drafts_and_publishes_a_version_in_the_admin(client, responsible_person):
    client.force_login(responsible_person)
    changelist = reverse("admin:consent_privacynotice_changelist")
    client.post(changelist, {"action": "new_draft", "_selected_action": [PrivacyNotice.current().pk]})
    draft = PrivacyNotice.objects.get(version=3)
    assert draft.sections.count() == 11
    assert not draft.is_published
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert PrivacyNotice.current() == draft
    assert client.get(reverse("admin:consent_privacynotice_change", args=[draft.pk])).status_code == 200


def test_customer_service_cannot_edit_the_notice(client, customer_service_user):
    client.force_login(customer_service_user)
    assert client.get(reverse("admin:consent_privacynotice_changelist")).status_code == 403


def test_the_footer_links_to_the_notice_and_cookie_settings(client):
    page = client.get("/").content.decode()
    assert 'href="/tietosuojaseloste/"' in page
    assert "/evasteet/" in page
