"""The load balancer asks each app server whether it can serve (issue 6: reliability)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_the_database_answers(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_unavailable_when_the_database_does_not_answer(client):
    with mock.patch("kanalinhelmi.views.connection.cursor", side_effect=OperationalError("down")):
        from kanalinhelmi.views import database_answers

        assert database_answers() is False
    with mock.patch("kanalinhelmi.views.database_answers", return_value=False):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_health_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("health"))
    assert response.status_code == 200
