"""Issue 13 item 1, 2: version 2 of the privacy notice completes GDPR Art. 13, in fi/sv/en;
the legal bases and retention periods come from data, so the notice, the retention job and
the record of processing activities (Art. 30) cannot disagree; transfers to the US (S18, D1)."""

import pytest
from django.core import checks
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst

from consent import services
from consent.models import PrivacyNotice, ProcessingPurpose
from privacy.retention.models import RetentionRule

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "sv", "en"]


def notice(client, language="fi"):
    with translation.override(language):
        return client.get(reverse("consent:privacy_notice")).content.decode()


def test_version_2_is_in_force_and_version_1_stays_in_the_archive(client):
    assert PrivacyNotice.current().version == 2
    archived = client.get(reverse("consent:privacy_notice_version", args=[1])).content.decode()
    assert "henkilötietolain mukainen" in archived
    assert "ei ole enää voimassa" in archived


@pytest.mark.parametrize(
    ("language", "repealed", "ombudsman", "erasure", "restriction"),
    [
        ("fi", "henkilötietolai", "tietosuojavaltuutetu", "poistamista", "rajoittamista"),
        ("sv", "personuppgiftslagen", "dataombudsmannen", "raderas", "begränsas"),
        ("en", "Personal Data Act", "Data Protection Ombudsman", "erased", "restricted"),
    ],
)
def test_the_notice_cites_the_gdpr_names_every_right_and_the_ombudsman(
    client, language, repealed, ombudsman, erasure, restriction
):
    page = notice(client, language)
    assert repealed not in page
    assert "1050/2018" in page and "2016/679" in page
    assert ombudsman in page
    assert erasure in page and restriction in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_links_to_the_online_forms_and_gives_a_contact_email(client, language):
    page = notice(client, language)
    with translation.override(language):
        for kind in ["inspection", "correction", "erasure", "restriction", "prohibit_processing"]:
            assert f'href="{reverse("privacy:request", args=[kind])}"' in page
    assert 'href="mailto:tietosuoja@kanalinhelmi.fi"' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_purpose_shows_its_legal_basis_from_the_data(client, language):
    page = notice(client, language)
    with translation.override(language):
        for purpose in ProcessingPurpose.objects.all():
            assert escape(purpose.translated("name")) in page
            assert escape(capfirst(purpose.get_legal_basis_display())) in page


def test_a_changed_legal_basis_shows_in_the_notice(client):
    purpose = ProcessingPurpose.objects.get(key="online_services")
    purpose.legal_basis = ProcessingPurpose.LegalBasis.CONTRACT
    purpose.basis_detail_en = "the extranet terms of use"
    purpose.save()
    assert "the extranet terms of use" in notice(client, "en")


@pytest.mark.parametrize(
    ("language", "phrase"), [("fi", "36 kuukautta"), ("sv", "36 månader"), ("en", "36 months")]
)
def test_the_retention_periods_are_the_retention_rules(client, language, phrase):
    assert phrase in notice(client, language)


def test_a_changed_retention_period_changes_the_notice(client):
    rule = RetentionRule.objects.get(key="ended_relationships")
    rule.period = 48
    rule.save()
    page = notice(client, "en")
    assert "48 months" in page and "36 months" not in page


def test_an_archived_version_keeps_the_legal_bases_and_periods_it_gave(client):
    services.draft_privacy_notice().publish()
    RetentionRule.objects.filter(key="ended_relationships").update(period=48)
    with translation.override("en"):
        archived = client.get(reverse("consent:privacy_notice_version", args=[2])).content.decode()
    assert "36 months" in archived


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_trackers_the_notice_says_nothing_leaves_the_eu(client, settings, language):
    settings.GOOGLE_ANALYTICS_ID = settings.GOOGLE_ADS_ID = settings.FACEBOOK_PIXEL_ID = ""
    page = notice(client, language)
    assert "Data Privacy Framework" not in page
    assert {"fi": "ETA:n ulkopuolelle", "sv": "utanför EU eller EES", "en": "outside the EU or the EEA"}[
        language
    ] in page


@pytest.mark.parametrize("setting", ["GOOGLE_ANALYTICS_ID", "GOOGLE_ADS_ID", "FACEBOOK_PIXEL_ID"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_tracker_id_makes_the_notice_name_the_transfer_and_its_ground(client, settings, setting, language):
    setattr(settings, setting, "X-123")
    page = notice(client, language)
    assert "Data Privacy Framework" in page
    assert {"fi": "Yhdysvaltoihin", "sv": "USA", "en": "United States"}[language] in page


def test_a_tracker_id_makes_the_system_check_warn_that_s18_no_longer_holds(settings):
    settings.GOOGLE_ANALYTICS_ID = settings.GOOGLE_ADS_ID = settings.FACEBOOK_PIXEL_ID = ""
    assert not [m for m in checks.run_checks() if m.id == "consent.W001"]
    settings.FACEBOOK_PIXEL_ID = "1234"
    warnings = [m for m in checks.run_checks() if m.id == "consent.W001"]
    assert warnings and "S18" in warnings[0].msg and warnings[0].level == checks.WARNING


def test_the_responsible_person_prints_the_record_of_processing_activities(client, responsible_person):
    client.force_login(responsible_person)
    page = client.get(reverse("admin:consent_processing_record")).content.decode()
    for purpose in ProcessingPurpose.objects.all():
        assert escape(purpose.name_fi) in page and escape(purpose.data_categories_fi) in page
        assert escape(capfirst(purpose.get_legal_basis_display())) in page
    assert "36 kuukautta" in page
    assert "Lääkärikeskus Kanalinhelmi Oy" in page
    assert "@media print" in page or 'media="print"' in page


def test_customer_service_cannot_open_the_record_of_processing(client, customer_service_user):
    client.force_login(customer_service_user)
    assert client.get(reverse("admin:consent_processing_record")).status_code == 403
