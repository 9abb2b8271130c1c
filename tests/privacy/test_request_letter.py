"""The requester downloads a pre-filled request letter to sign and send (S34)."""

import pytest
from django.urls import reverse

from privacy.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


def submit(client):
    client.post(
        reverse("privacy:request", args=["inspection"]),
        {
            "first_name": "Aino",
            "last_name": "Virtanen",
            "email": "aino@example.fi",
            "postal_address": "Nortamonkatu 1, 26100 Rauma",
            "confirm_truthful": "on",
        },
    )
    return client.get(reverse("privacy:sent"))


def test_after_the_form_the_requester_can_download_the_letter_as_pdf(client):
    page = submit(client)
    letter_path = page.context["letter_path"]
    response = client.get(letter_path)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_letter_preview_is_the_same_template_prefilled_with_the_request(client):
    letter_path = submit(client).context["letter_path"]
    html = client.get(letter_path + "?format=html").content.decode()
    assert "Aino Virtanen" in html and "Nortamonkatu 1, 26100 Rauma" in html
    assert "Allekirjoitus ja nimenselvennys" in html
    assert "Lääkärikeskus Kanalinhelmi Oy" in html and "3386427-8" in html
    assert DataSubjectRequest.objects.get().kind == "inspection"


def test_a_forged_letter_link_is_not_found(client):
    assert client.get(reverse("privacy:request_letter", args=["1:forged:signature"])).status_code == 404


def test_the_pdf_is_built_once_and_then_served_as_stored(client):
    """Issue 10, item 1: opening the public link again does not build the PDF again."""
    from unittest import mock

    from privacy import letters

    letter_path = submit(client).context["letter_path"]
    first = client.get(letter_path)
    with mock.patch.object(letters, "html_to_pdf", side_effect=AssertionError("built again")):
        again = client.get(letter_path)
    assert again.status_code == 200
    assert again.content == first.content
    dsr = DataSubjectRequest.objects.get()
    assert dsr.letters.filter(kind="request_form").count() == 1


def test_the_letter_link_is_limited_per_address_like_the_forms(client, settings):
    settings.PRIVACY_RATE_LIMIT_PER_IP = 3
    letter_path = submit(client).context["letter_path"]
    answers = [client.get(letter_path + "?format=html").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    other = client.get(letter_path + "?format=html", REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 200
