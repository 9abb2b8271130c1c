"""After an erasure and the retention runs, the erased person is nowhere in the database (S19–S21, S39; issue 17).

The whole database is searched, Django's and the libraries' tables too: every
text and JSON column of every table, found by introspection, so a table no
one thought of is searched as well. Right after the erasure the person may
remain only where a legal hold keeps them (their own erasure request, D8; the
customer row and vouchers the Accounting Act keeps); once every hold has
ended and retention has run, nowhere at all.
"""

import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from kanalinhelmi.personal_data import Erasure, data_map
from privacy import services
from registry.models import Customer
from tests.kanalinhelmi.test_data_map import customer_with_a_row_of_every_kind  # noqa: F401 - fixture
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db

FIRST_NAME, LAST_NAME = "Orvokki", "Unohdettava"
EMAIL = "orvokki.unohdettava@example.fi"
PHONE = "+358409988776"
MARKERS = [LAST_NAME, EMAIL, "9988776", f"{FIRST_NAME} {LAST_NAME}"]

TEXT_TYPES = {
    "CharField",
    "TextField",
    "EmailField",
    "URLField",
    "SlugField",
    "JSONField",
    "GenericIPAddressField",
    "FilePathField",
}


def text_columns():
    """``{table: [column, ...]}`` of every text and JSON column in the database."""
    columns = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:
                    kind = None
                declared = str(getattr(column, "type_code", "")).lower()
                if kind in TEXT_TYPES or any(word in declared for word in ("char", "text", "json")):
                    columns.setdefault(table, []).append(column.name)
    return columns


def places_holding(*markers):
    """``[(table, column, row's primary key, value)]`` where any of ``markers`` occurs, case-insensitively."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table, columns in text_columns().items():
            key = connection.introspection.get_primary_key_column(cursor, table) or columns[0]
            for column in columns:
                for marker in markers:
                    cursor.execute(
                        f"SELECT {quote(key)}, CAST({quote(column)} AS TEXT) FROM {quote(table)} "
                        f"WHERE UPPER(CAST({quote(column)} AS TEXT)) LIKE UPPER(%s)",
                        [f"%{marker}%"],
                    )
                    found += [(table, column, str(pk), str(value)[:120]) for pk, value in cursor.fetchall()]
    return sorted(set(found))


def retention_on(moment, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        call_command("apply_retention", stdout=io.StringIO())


@pytest.fixture
def erased_person(customer_with_a_row_of_every_kind, client, customer_service_user, responsible_person):  # noqa: F811
    """The customer, seen in the back-office, then erased at their own request."""
    customer, rows = customer_with_a_row_of_every_kind
    Customer.objects.filter(pk=customer.pk).update(first_name=FIRST_NAME, last_name=LAST_NAME, email=EMAIL)
    customer = Customer.objects.get(pk=customer.pk)
    customer.phone = PHONE
    customer.save()
    client.force_login(responsible_person)
    client.get(reverse("admin:registry_customer_change", args=[customer.pk]))
    # What an admin page does when it saves the customer: Django's own admin log, if anything writes it.
    request = RequestFactory().post("/")
    request.user = responsible_person
    admin.site._registry[Customer].log_change(request, customer, "[]")
    client.get(reverse("admin:registry_customer_changelist"), {"q": LAST_NAME})
    client.get(reverse("admin:registry_customer_history", args=[customer.pk]))
    assert places_holding(*MARKERS), "the search finds the person before the erasure"

    dsr = in_progress(customer_service_user, customer=customer, kind="erasure", email=EMAIL, phone=PHONE)
    dsr = services.propose_erasure(request=dsr, by=customer_service_user)
    erased_at = timezone.now()
    services.approve_request(request=dsr, by=responsible_person)
    # Entries written about the kept request after the erasure name it as it
    # now is (its current values are held, D8); they go with the request.
    held_entries = {
        ("auditlog_logentry", "object_repr", str(entry.pk))
        for entry in LogEntry.objects.get_for_object(dsr).filter(timestamp__gte=erased_at)
    }
    return rows, held_entries


# Where a legal hold keeps the person right after the erasure: their own erasure
# request and its answer (D8: evidence that it was answered, three years), and
# the customer row the billing vouchers need (Accounting Act, six years).
HELD = {
    ("privacy_datasubjectrequest", "first_name"),
    ("privacy_datasubjectrequest", "last_name"),
    ("privacy_datasubjectrequest", "email"),
    ("privacy_datasubjectrequest", "phone"),
    ("privacy_requestletter", "html"),
    ("registry_customer", "first_name"),
    ("registry_customer", "last_name"),
}


def outside_holds(held_entries):
    return [
        place for place in places_holding(*MARKERS) if place[:2] not in HELD and place[:3] not in held_entries
    ]


def test_erasure_removes_every_row_the_data_map_says_it_removes(erased_person):
    rows, _held = erased_person
    left = [
        entry.model
        for entry in data_map()
        if entry.erasure == Erasure.REMOVE
        and entry.model in rows
        and entry.model_class._base_manager.filter(pk=rows[entry.model].pk).exists()
    ]
    assert left == []


def test_right_after_the_erasure_the_person_is_only_where_a_legal_hold_keeps_them(erased_person):
    _rows, held_entries = erased_person
    left = outside_holds(held_entries)
    assert left == [], "\n".join(map(str, left))


def test_after_the_retention_runs_the_person_is_nowhere_once_the_holds_have_ended(erased_person, monkeypatch):
    _rows, held_entries = erased_person
    retention_on(timezone.now() + timedelta(days=1), monkeypatch)
    left = outside_holds(held_entries)
    assert left == [], "\n".join(map(str, left))

    # Every hold has ended: vouchers after six years, the request after three,
    # the trail of what was removed after its own period.
    retention_on(timezone.now() + timedelta(days=365 * 9), monkeypatch)
    retention_on(timezone.now() + timedelta(days=365 * 15), monkeypatch)
    left = places_holding(*MARKERS)
    assert left == [], "\n".join(map(str, left))
