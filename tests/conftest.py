import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kanalinhelmi import roles
from tests.factories import PractitionerFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is the production hasher; tests that check it ask for it themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


STAFF_PASSWORD = "correct horse battery staple"


def make_staff(username, role=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=STAFF_PASSWORD, is_staff=True, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def customer_service_user(db):
    return make_staff("sanna", roles.CUSTOMER_SERVICE)


@pytest.fixture
def billing_user(db):
    return make_staff("jari", roles.BILLING)


@pytest.fixture
def responsible_person(db):
    return make_staff("eero", roles.RESPONSIBLE_PERSON)


@pytest.fixture
def practitioner_user(db):
    user = make_staff("liisa", roles.PRACTITIONER)
    PractitionerFactory(user=user, first_name="Liisa", last_name="Mäkelä")
    return user


@pytest.fixture
def other_practitioner_user(db):
    user = make_staff("pekka", roles.PRACTITIONER)
    PractitionerFactory(user=user, first_name="Pekka", last_name="Aaltonen")
    return user
