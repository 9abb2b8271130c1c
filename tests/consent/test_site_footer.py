"""S1: every public page names the controller and its address as the register holds them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import ControllerDetails

pytestmark = pytest.mark.django_db


def footer(page):
    html = page.content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_the_footer_shows_the_controllers_address_from_the_register(client):
    assert "Lääkärikeskus Kanalinhelmi Oy · Nortamonkatu 18, 26100 Rauma" in footer(client.get("/"))


def test_a_new_address_shows_in_the_footer_at_once(client):
    client.get("/")
    controller = ControllerDetails.current()
    controller.street_address = "Kauppakatu 5"
    controller.save()
    for url in ["/", reverse("consent:privacy_notice"), reverse("privacy:rights")]:
        text = footer(client.get(url))
        assert "Kauppakatu 5, 26100 Rauma" in text
        assert "Nortamonkatu" not in text


def controller_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [query for query in queries if "controllerdetails" in query["sql"].lower()]


def test_the_footer_is_read_once_and_then_comes_from_the_cache(client):
    """Public pages gain no query: the details are cached like the cookie policy in force."""
    assert len(controller_queries(client, reverse("consent:cookie_settings"))) == 1
    assert controller_queries(client, reverse("consent:cookie_settings")) == []
    assert controller_queries(client, reverse("consent:link_request")) == []
