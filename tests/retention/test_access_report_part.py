"""S21, S33: the customer's access report shows the end of their customer relationship (G2).

A finding of misuse may concern an offence (GDPR Art. 10); the customer is
told what was recorded, when, why and when their data was removed.
"""

from datetime import date

import pytest
from django.utils import translation

from privacy.report import build_access_report
from privacy.retention.services import end_customer_relationship, remove_customer_after_misuse
from registry.models import Customer
from tests.factories import CustomerFactory, InvoiceFactory

pytestmark = pytest.mark.django_db


def section(report, key):
    return next(s for s in report["sections"] if s["key"] == key)


def test_report_of_a_customer_removed_after_misuse_shows_the_finding_in_finnish(responsible_person):
    customer = CustomerFactory()
    InvoiceFactory(customer=customer)  # the row stays for the voucher
    remove_customer_after_misuse(
        customer=customer, reason="Petos, rikosilmoitus 1/2026", by=responsible_person
    )
    with translation.override("fi"):
        report = build_access_report(Customer.objects.get(pk=customer.pk))
    ending = section(report, "relationship_endings")
    assert ending["title"] == "Asiakassuhteen päättyminen"
    [record] = ending["records"]
    assert record["laji"] == "poistettu palvelun väärinkäytön vuoksi"
    assert record["syy"] == "Petos, rikosilmoitus 1/2026"
    assert record["tiedot poistettu"] != "–"


def test_report_shows_an_ended_relationship_whose_data_is_still_held(responsible_person):
    customer = CustomerFactory()
    end_customer_relationship(
        customer=customer, reason="Asiakas muutti pois", by=responsible_person, ended_on=date(2026, 1, 2)
    )
    with translation.override("fi"):
        [record] = section(build_access_report(customer), "relationship_endings")["records"]
    assert record["laji"] == "asiakassuhde päättynyt"
    assert record["päättynyt"] == "2.1.2026"
    assert record["syy"] == "Asiakas muutti pois"
    assert record["tiedot poistettu"] == "ei vielä; poistetaan säilytysajan päätyttyä"


def test_report_of_a_customer_without_an_ending_says_nothing_is_held_of_it():
    with translation.override("fi"):
        report = build_access_report(CustomerFactory())
    assert section(report, "relationship_endings")["records"] == []
