"""S20: a customer who never had a care relationship goes the period after their last activity (G3).

Created from the web, by billing or by staff without a care relationship,
such a customer used to survive every rule. The "ended relationships" rule
(36 months) now removes them once nothing has happened for the period,
keeping billing vouchers as an erasure does.
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from privacy.retention.models import RelationshipEnding
from registry.models import Customer, Invoice
from tests.factories import (
    ConsentRecordFactory,
    CustomerFactory,
    DataSubjectRequestFactory,
    ExtranetAccountFactory,
    FeedbackFactory,
    IdentifierFactory,
    InvoiceFactory,
    OrderFactory,
    RepresentativeFactory,
)
from tests.retention.conftest import HELSINKI, NOW, apply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]

# 36 months before 15 March 2026 12:00: activity before it is too old, at it is recent enough.
CUTOFF = datetime(2023, 3, 15, 12, 0, tzinfo=HELSINKI)
LONG_AGO = datetime(2021, 6, 1, 10, 0, tzinfo=HELSINKI)


def customer_last_changed(moment, **kwargs):
    customer = CustomerFactory(**kwargs)
    Customer.objects.filter(pk=customer.pk).update(created_at=moment, updated_at=moment)
    return customer


def test_customer_without_care_relationship_inactive_for_the_period_is_removed():
    customer = customer_last_changed(LONG_AGO, email="vanha.asiakas@example.fi")
    RepresentativeFactory(customer=customer)
    number = customer.pk
    apply("ended_relationships")
    assert not Customer.objects.filter(pk=number).exists()
    ending = RelationshipEnding.objects.get(customer_number=number)
    assert ending.kind == RelationshipEnding.Kind.ENDED
    assert ending.ended_on == date(2021, 6, 1)
    assert "2021-06-01" in ending.reason
    assert ending.data_removed_at == NOW


def test_customer_without_care_relationship_changed_at_the_cutoff_is_kept():
    kept = customer_last_changed(CUTOFF)
    apply("ended_relationships")
    assert Customer.objects.filter(pk=kept.pk).exists()
    assert not RelationshipEnding.objects.exists()


def test_new_customer_without_care_relationship_is_kept():
    kept = CustomerFactory()
    apply("ended_relationships")
    assert Customer.objects.filter(pk=kept.pk).exists()


@pytest.mark.parametrize(
    "activity",
    [
        pytest.param(lambda c: OrderFactory(customer=c, ordered_at=CUTOFF), id="order"),
        pytest.param(lambda c: InvoiceFactory(customer=c, issued_on=date(2023, 3, 15)), id="invoice"),
        pytest.param(
            lambda c: InvoiceFactory(customer=c, issued_on=date(2019, 1, 2), paid_on=date(2024, 1, 2)),
            id="payment",
        ),
        pytest.param(lambda c: FeedbackFactory(customer=c, received_at=CUTOFF), id="feedback"),
        pytest.param(lambda c: ConsentRecordFactory(customer=c, recorded_at=CUTOFF), id="consent"),
        pytest.param(
            lambda c: IdentifierFactory(customer=c, first_seen_at=LONG_AGO, last_seen_at=CUTOFF),
            id="identifier",
        ),
        pytest.param(lambda c: ExtranetAccountFactory(customer=c, last_login_at=CUTOFF), id="login"),
        pytest.param(lambda c: DataSubjectRequestFactory(customer=c, received_at=CUTOFF), id="request"),
        pytest.param(
            lambda c: DataSubjectRequestFactory(customer=c, received_at=LONG_AGO, state="in_progress"),
            id="open request",
        ),
    ],
)
def test_old_customer_with_recent_activity_is_kept(activity):
    customer = customer_last_changed(LONG_AGO)
    activity(customer)
    Customer.objects.filter(pk=customer.pk).update(updated_at=LONG_AGO)  # a factory may touch the row
    apply("ended_relationships")
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert not RelationshipEnding.objects.exists()


def test_old_customer_whose_last_invoice_is_old_goes_but_the_voucher_and_name_stay():
    """The invoice of 2022 is past the 36 months but kept until the end of 2028 (Accounting Act)."""
    customer = customer_last_changed(
        LONG_AGO, first_name="Veera", last_name="Vanhanen", email="veera@example.fi", phone="+358401234567"
    )
    invoice = InvoiceFactory(customer=customer, issued_on=date(2022, 5, 1), paid_on=date(2022, 5, 20))
    apply("ended_relationships")
    customer.refresh_from_db()
    assert Invoice.objects.filter(pk=invoice.pk).exists()
    assert (customer.last_name, customer.email, customer.phone) == ("Vanhanen", "", "")
    assert "2028-12-31" in customer.source_detail
    ending = customer.relationship_endings.get()
    assert ending.ended_on == date(2022, 5, 20)  # the payment was the last activity
    assert ending.data_removed_at == NOW

    apply("ended_relationships")  # a second run finds nothing more to do
    assert customer.relationship_endings.count() == 1


def test_customer_erased_at_their_own_request_is_not_removed_again(
    monkeypatch, customer_service_user, responsible_person
):
    """Their row is kept for a voucher, with the note of why; it goes with the voucher, not by this rule."""
    from privacy import services
    from tests.privacy.conftest import in_progress

    monkeypatch.setattr(timezone, "now", lambda: LONG_AGO)
    customer = CustomerFactory(last_name="Pyytäjä")
    InvoiceFactory(customer=customer, issued_on=date(2021, 5, 1))
    dsr = in_progress(customer_service_user, customer=customer, kind="erasure")
    services.approve_request(
        request=services.propose_erasure(request=dsr, by=customer_service_user), by=responsible_person
    )
    customer.refresh_from_db()
    note = customer.source_detail
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    apply("ended_relationships")
    customer.refresh_from_db()
    assert customer.source_detail == note
    assert not RelationshipEnding.objects.exists()


def test_dry_run_removes_no_customer_without_care_relationship():
    customer = customer_last_changed(LONG_AGO)
    apply("ended_relationships", dry_run=True)
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert not RelationshipEnding.objects.exists()
