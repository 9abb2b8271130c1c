"""A published consent text is what customers agreed to: it never changes; a change is a new version."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consent.models import ConsentText
from consent.services import give_consent
from tests.factories import CustomerFactory, consent_purpose

pytestmark = pytest.mark.django_db


def test_every_purpose_has_a_published_text_in_finnish_swedish_and_english():
    for key in ["joint_register", "marketing", "research", "additional_data"]:
        text = consent_purpose(key).current_text()
        assert text.is_published
        assert text.text_fi and text.text_sv and text.text_en


def test_a_published_text_cannot_be_changed():
    text = consent_purpose("marketing").current_text()
    text.text_fi = "Muutettu"
    with pytest.raises(ValidationError):
        text.save()
    text.refresh_from_db()
    assert text.text_fi != "Muutettu"


def test_a_published_text_cannot_be_deleted():
    text = consent_purpose("marketing").current_text()
    with pytest.raises(ValidationError):
        text.delete()
    assert ConsentText.objects.filter(pk=text.pk).exists()


def test_the_admin_shows_a_published_text_read_only(client, responsible_person):
    text = consent_purpose("marketing").current_text()
    client.force_login(responsible_person)
    url = reverse("admin:consent_consenttext_change", args=[text.pk])
    response = client.post(
        url, {"purpose": text.purpose_id, "version": 1, "text_fi": "x", "text_sv": "x", "text_en": "x"}
    )
    assert response.status_code == 403
    text.refresh_from_db()
    assert text.text_fi != "x"


def test_a_draft_is_edited_and_published_and_new_consents_refer_to_it(client, responsible_person):
    purpose = consent_purpose("marketing")
    client.force_login(responsible_person)
    response = client.post(
        reverse("admin:consent_consenttext_add"),
        {"purpose": purpose.pk, "version": 2, "text_fi": "Uusi", "text_sv": "Ny", "text_en": "New"},
    )
    assert response.status_code == 302
    draft = ConsentText.objects.get(purpose=purpose, version=2)
    assert purpose.current_text().version == 1
    response = client.post(
        reverse("admin:consent_consenttext_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert purpose.current_text() == draft
    record = give_consent(
        customer=CustomerFactory(), purpose_key="marketing", channel="paper", recorded_by=responsible_person
    )
    assert record.text == draft


def test_customer_service_cannot_change_consent_texts(client, customer_service_user):
    client.force_login(customer_service_user)
    assert client.get(reverse("admin:consent_consenttext_add")).status_code == 403
