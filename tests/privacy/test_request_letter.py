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
