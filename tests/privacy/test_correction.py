"""A correction answer (S36) lists what was changed, added and removed while the request was handled."""

from datetime import timedelta

import pytest

from privacy import services
from tests.factories import ConsentRecordFactory, CustomerFactory, IdentifierFactory, RepresentativeFactory
from tests.privacy.conftest import in_progress

pytestmark = pytest.mark.django_db


def test_rows_removed_and_added_are_listed_as_well_as_edited_fields(customer_service_user):
    customer = CustomerFactory(first_name="Aino", last_name="Virtanen")
    wrong_address = IdentifierFactory(customer=customer, kind="ip_address", value="203.0.113.7")
    dsr = in_progress(
        customer_service_user,
        customer=customer,
        kind="correction",
        details="Väärä IP-osoite, huoltaja puuttuu",
    )

    wrong_address.delete()
    RepresentativeFactory(customer=customer, first_name="Maija", last_name="Virtanen")
    customer.first_name = "Aino-Maria"
    customer.save()
    ConsentRecordFactory(customer=customer)  # a consent given meanwhile is not a correction
    dsr = services.complete_request(request=dsr, by=customer_service_user)

    changes = [(c["data"], c["field"], c["old"], c["new"]) for c in dsr.outcome["changed_fields"]]
    # Issue 18 item 7: a removed or added row is one line, its values as a person reads them.
    removed = next(c for c in changes if c[0] == "tunniste")
    assert removed[3] == "–" and "arvo: 203.0.113.7" in removed[2] and "laji: IP-osoite" in removed[2]
    assert "ip_address" not in removed[2] and "website" not in removed[2]
    added = next(c for c in changes if c[0] == "edustaja")
    assert added[2] == "–" and "etunimi: Maija" in added[3]
    assert ("asiakas", "etunimi", "Aino", "Aino-Maria") in changes
    assert len(changes) == 3
    assert {data for data, *_ in changes} == {"tunniste", "edustaja", "asiakas"}
    assert not [c for c in changes if c[1] == "asiakas"], "the rows' link to the customer is not a change"
    letter = dsr.letters.get()
    assert "203.0.113.7" in letter.html and "Maija" in letter.html


def test_changes_made_before_the_request_was_taken_up_are_not_listed(customer_service_user):
    customer = CustomerFactory(first_name="Aino")
    customer.first_name = "Aina"
    customer.save()
    dsr = in_progress(customer_service_user, customer=customer, kind="correction", details="Nimi")
    assert services.changed_fields(customer, since=dsr.started_at) == []
    earlier = services.changed_fields(customer, since=dsr.started_at - timedelta(hours=1))
    assert ("etunimi", "Aino", "Aina") in [(c["field"], c["old"], c["new"]) for c in earlier]
