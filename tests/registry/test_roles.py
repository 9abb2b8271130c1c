"""Only employees whose work requires it may see and change customer data (S29)."""

import pytest
from django.urls import reverse

from registry.models import Customer
from tests.factories import (
    BillingProfileFactory,
    CareRelationshipFactory,
    ConsentRecordFactory,
    CustomerFactory,
    InvoiceFactory,
)

pytestmark = pytest.mark.django_db


def change_url(customer):
    return reverse("admin:registry_customer_change", args=[customer.pk])


def test_billing_staff_can_view_a_customer_but_not_change_contact_data(client, billing_user):
    customer = CustomerFactory(phone="+358401111111")
    client.force_login(billing_user)
    assert client.get(change_url(customer)).status_code == 200
    response = client.post(change_url(customer), {"first_name": "X", "last_name": "Y", "phone": "0402222222"})
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.phone == "+358401111111"


def test_billing_staff_can_change_bank_account(client, billing_user):
    profile = BillingProfileFactory()
    client.force_login(billing_user)
    response = client.post(
        reverse("admin:registry_billingprofile_change", args=[profile.pk]),
        {"customer": profile.customer.pk, "bank_account": "FI49 5000 9420 0287 30", "source": "customer"},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.bank_account == "FI4950009420028730"


def test_customer_service_cannot_open_billing_profiles(client, customer_service_user):
    profile = BillingProfileFactory()
    client.force_login(customer_service_user)
    response = client.get(reverse("admin:registry_billingprofile_change", args=[profile.pk]))
    assert response.status_code == 403


def test_practitioner_sees_only_own_customers_in_the_list(client, practitioner_user, other_practitioner_user):
    own = CareRelationshipFactory(practitioner=practitioner_user.practitioner).customer
    others = CareRelationshipFactory(practitioner=other_practitioner_user.practitioner).customer
    client.force_login(practitioner_user)
    page = client.get(reverse("admin:registry_customer_changelist")).content.decode()
    assert change_url(own) in page
    assert change_url(others) not in page


def test_practitioner_cannot_open_another_practitioners_customer(
    client, practitioner_user, other_practitioner_user
):
    others = CareRelationshipFactory(practitioner=other_practitioner_user.practitioner).customer
    client.force_login(practitioner_user)
    response = client.get(change_url(others), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert others.full_name not in response.content.decode()


def test_practitioner_loses_sight_of_customer_when_relationship_ends(client, practitioner_user):
    relationship = CareRelationshipFactory(practitioner=practitioner_user.practitioner)
    client.force_login(practitioner_user)
    assert client.get(change_url(relationship.customer)).status_code == 200
    relationship.ended_on = relationship.started_on
    relationship.save()
    assert client.get(change_url(relationship.customer)).status_code == 302


def test_clinic_customer_is_invisible_to_practitioners(client, practitioner_user):
    clinic_customer = CareRelationshipFactory(practitioner=None).customer
    client.force_login(practitioner_user)
    assert client.get(change_url(clinic_customer)).status_code == 302


def test_only_the_responsible_person_reads_the_audit_trail(client, customer_service_user, responsible_person):
    url = reverse("admin:auditlog_logentry_changelist")
    client.force_login(customer_service_user)
    assert client.get(url).status_code == 403
    client.force_login(responsible_person)
    assert client.get(url).status_code == 200


def test_customer_service_cannot_delete_customers(client, customer_service_user):
    customer = CustomerFactory()
    client.force_login(customer_service_user)
    response = client.post(reverse("admin:registry_customer_delete", args=[customer.pk]), {"post": "yes"})
    assert response.status_code == 403
    customer.refresh_from_db()


def test_every_role_holds_exactly_its_listed_permissions_after_migration():
    from django.contrib.auth.models import Group

    from kanalinhelmi.roles import all_role_permissions

    for role, permissions in all_role_permissions().items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == permissions, role


def joint_register_customer(**fields):
    customer = CustomerFactory(**fields)
    ConsentRecordFactory(customer=customer)  # a grant of the joint-register consent (S8)
    return customer


def test_practitioner_can_only_view_a_joint_register_customer_who_is_not_theirs(client, practitioner_user):
    customer = joint_register_customer(email="oma@example.fi")
    client.force_login(practitioner_user)
    page = client.get(change_url(customer)).content.decode()
    assert customer.email in page
    assert 'name="email"' not in page
    assert "ei ole kanssasi voimassa olevaa hoitosuhdetta" in page  # the page says why
    response = client.post(
        change_url(customer),
        {"first_name": customer.first_name, "last_name": customer.last_name, "email": "vaihdettu@example.fi"},
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.email == "oma@example.fi"


def test_practitioner_cannot_add_feedback_to_a_joint_register_customer_who_is_not_theirs(
    client, practitioner_user
):
    customer = joint_register_customer()
    client.force_login(practitioner_user)
    response = client.get(change_url(customer))
    feedback = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "feedback")
    assert feedback.formset.max_num == 0


def test_practitioner_can_change_their_own_customer_and_add_feedback(client, practitioner_user):
    customer = CareRelationshipFactory(practitioner=practitioner_user.practitioner).customer
    ConsentRecordFactory(customer=customer)
    client.force_login(practitioner_user)
    response = client.get(change_url(customer))
    assert 'name="email"' in response.content.decode()
    feedback = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "feedback")
    assert feedback.formset.max_num != 0


def test_practitioner_does_not_see_payment_behaviour(client, practitioner_user):
    customer = CareRelationshipFactory(practitioner=practitioner_user.practitioner).customer
    InvoiceFactory(customer=customer, reminders_sent=2)
    client.force_login(practitioner_user)
    page = client.get(change_url(customer)).content.decode()
    assert "Maksukäyttäytyminen" not in page
    assert "muistutusta" not in page


def test_billing_sees_payment_behaviour_but_not_self_given_classifications(client, billing_user):
    customer = CustomerFactory(classifications="Kasvissyöjä", consented_information="Harrastaa suunnistusta")
    InvoiceFactory(customer=customer, reminders_sent=2)
    client.force_login(billing_user)
    page = client.get(change_url(customer)).content.decode()
    assert "2 muistutusta" in page
    assert "Kasvissyöjä" not in page
    assert "Harrastaa suunnistusta" not in page


def test_customer_service_sees_self_given_classifications(client, customer_service_user):
    customer = CustomerFactory(classifications="Kasvissyöjä")
    client.force_login(customer_service_user)
    assert "Kasvissyöjä" in client.get(change_url(customer)).content.decode()


def test_nobody_deletes_a_customer_in_the_admin_not_even_a_superuser(client, responsible_person):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("yllapito", "y@example.fi", "pitka-salasana-123")
    customer = CustomerFactory()
    for user in [superuser, responsible_person]:
        client.force_login(user)
        response = client.post(reverse("admin:registry_customer_delete", args=[customer.pk]), {"post": "yes"})
        assert response.status_code == 403
        page = client.get(reverse("admin:registry_customer_changelist")).content.decode()
        assert 'value="delete_selected"' not in page
        client.post(
            reverse("admin:registry_customer_changelist"),
            {"action": "delete_selected", "_selected_action": [customer.pk], "post": "yes"},
        )
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_practitioner_list_pages_show_their_own_customers_in_name_order(
    client, practitioner_user, other_practitioner_user, monkeypatch
):
    from registry.admin import CustomerAdmin

    # A practitioner's page is found by id first and then read (RowsByIdPaginator).
    monkeypatch.setattr(CustomerAdmin, "list_per_page", 2)
    names = ["Virtanen", "Aalto", "Korhonen", "Niemi", "Laine"]
    own = [
        CareRelationshipFactory(
            practitioner=practitioner_user.practitioner, customer__last_name=name
        ).customer
        for name in names
    ]
    CareRelationshipFactory(practitioner=other_practitioner_user.practitioner, customer__last_name="Ahonen")
    in_name_order = sorted(own, key=lambda customer: (customer.last_name, customer.first_name, customer.pk))
    client.force_login(practitioner_user)
    url = reverse("admin:registry_customer_changelist")
    for number, expected in ((1, in_name_order[:2]), (2, in_name_order[2:4]), (3, in_name_order[4:])):
        assert list(client.get(url, {"p": number}).context["cl"].result_list) == expected
