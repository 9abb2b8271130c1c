"""The load balancer asks each app server whether it can serve (issue 6: reliability)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_health_is_ok_when_the_database_answers(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_health_is_unavailable_when_the_database_does_not_answer(client):
    with mock.patch("kanalinhelmi.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_health_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    with mock.patch("kanalinhelmi.views.connection.cursor"):
        response = client.get(reverse("health"))
    assert response.status_code == 200
