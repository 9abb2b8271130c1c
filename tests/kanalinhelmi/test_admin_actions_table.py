"""Who may run which action of which back-office list (S29, issue 10 item 7), as a table.

Every action of every list, Django's "delete selected" included, is read
from the admin site itself, so an action added later without a row here
fails. Each action declares the permission it needs; the expectations are
written out from the design (DESIGN.md "Staff roles").
"""

import pytest
from django.contrib import admin
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from kanalinhelmi.roles import BILLING, CUSTOMER_SERVICE, PRACTITIONER, RESPONSIBLE_PERSON
from tests.conftest import make_staff
from tests.factories import CareRelationshipFactory, CustomerFactory

CS, B, P, RP = CUSTOMER_SERVICE, BILLING, PRACTITIONER, RESPONSIBLE_PERSON
ROLES = [CS, B, P, RP]

# (app_label, model_name, action) -> roles that see the action in the list and may run it
MAY_RUN = {
    ("auth", "group", "delete_selected"): set(),
    ("auth", "user", "delete_selected"): set(),
    ("auth", "user", "issue_enrolment_links"): set(),  # the system administrator's (superuser) only
    ("registry", "customer", "delete_selected"): set(),  # erasure goes through a request (S19, S36)
    # Consent links are customer service's work, beside the consents they record.
    ("registry", "customer", "send_consent_links"): {CS, RP},
    ("registry", "practitioner", "delete_selected"): set(),
    ("registry", "billingprofile", "delete_selected"): set(),
    ("registry", "order", "delete_selected"): set(),
    ("registry", "invoice", "delete_selected"): set(),
    ("registry", "disclosure", "delete_selected"): set(),
    ("registry", "controllerdetails", "delete_selected"): set(),
    # Issue 12: the responsible person deletes a wrong link one at a time, on its page.
    ("registry", "electronicidentity", "delete_selected"): set(),
    ("consent", "consentrecord", "delete_selected"): set(),
    ("consent", "consentpurpose", "delete_selected"): set(),
    ("consent", "consenttext", "delete_selected"): {RP},
    ("consent", "consenttext", "publish"): {RP},
    ("consent", "privacynotice", "delete_selected"): {RP},
    ("consent", "privacynotice", "publish"): {RP},
    ("consent", "privacynotice", "new_draft"): {RP},
    ("consent", "cookiepolicy", "delete_selected"): {RP},
    ("consent", "cookiepolicy", "publish"): {RP},
    ("consent", "cookiecategory", "delete_selected"): set(),
    ("consent", "processingpurpose", "delete_selected"): set(),  # edited, never deleted (Art. 30 record)
    ("consent", "cookieservice", "delete_selected"): {RP},
    ("consent", "cookiechoice", "delete_selected"): set(),
    ("privacy", "datasubjectrequest", "delete_selected"): set(),
    ("audit_review", "auditreview", "delete_selected"): set(),
    ("auditlog", "logentry", "delete_selected"): set(),
    ("retention", "retentionrule", "delete_selected"): set(),
    ("retention", "relationshipending", "delete_selected"): set(),
    ("retention", "retentionbatch", "delete_selected"): set(),
    ("otp_totp", "totpdevice", "delete_selected"): {RP},
    ("axes", "accessattempt", "delete_selected"): {RP},
    ("axes", "accessattempt", "cleanup_expired_attempts"): {RP},
    ("axes", "accesslog", "delete_selected"): set(),
    ("axes", "accessfailurelog", "delete_selected"): set(),
    ("kanalinhelmi", "confidentialityundertaking", "delete_selected"): set(),
    # The mail queue (S40): the responsible person sends failed mail again; nobody deletes it by hand.
    ("post_office", "email", "delete_selected"): set(),
    ("post_office", "email", "send_again"): {RP},
    ("post_office", "log", "delete_selected"): set(),
    ("post_office", "emailtemplate", "delete_selected"): set(),
    ("post_office", "attachment", "delete_selected"): set(),
    ("django_tasks_database", "dbtaskresult", "delete_selected"): set(),
}


def every_action():
    for model, model_admin in admin.site._registry.items():
        for function, name, _description in model_admin._get_base_actions():
            yield (model._meta.app_label, model._meta.model_name, name), model_admin, function


@pytest.fixture
def staff_by_role(db):
    return {role: make_staff(f"staff{n}", role) for n, role in enumerate(ROLES)}


def test_every_action_of_the_site_is_in_the_table():
    assert {key for key, _admin, _function in every_action()} == set(MAY_RUN)


def test_every_action_declares_the_permission_it_needs():
    undeclared = [
        key for key, _admin, function in every_action() if not getattr(function, "allowed_permissions", ())
    ]
    assert undeclared == []


def test_each_role_sees_exactly_the_actions_its_work_needs(staff_by_role):
    for key, model_admin, _function in every_action():
        for role, user in staff_by_role.items():
            request = RequestFactory().get("/")
            request.user = user
            offered = model_admin.has_view_or_change_permission(request) and key[
                2
            ] in model_admin.get_actions(request)
            assert offered == (role in MAY_RUN[key]), f"{role}, {key}"


@pytest.mark.parametrize("key", MAY_RUN, ids="/".join)
def test_each_role_runs_exactly_the_actions_its_work_needs(client, staff_by_role, monkeypatch, key):
    """Posted to the list as every role: the action runs for whoever may run it, and for
    nobody else. The action is replaced by a stand-in with the same declared permissions,
    so that nothing is deleted or sent."""
    app_label, model_name, action = key
    model_admin, function = next((a, f) for k, a, f in every_action() if k == key)
    ran = []

    def stand_in(modeladmin, request, queryset):
        ran.append(request.user)
        return HttpResponse("ran")

    stand_in.allowed_permissions = getattr(function, "allowed_permissions", ())
    stand_in.short_description = action
    if action in dict(admin.site.actions) and action not in (model_admin.actions or []):
        monkeypatch.setitem(admin.site._actions, action, stand_in)
    else:
        real_get_action = model_admin.get_action

        def get_action(name):
            found = real_get_action(name)
            return (stand_in, *found[1:]) if found and found[1] == action else found

        monkeypatch.setattr(model_admin, "get_action", get_action)
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    for role, user in staff_by_role.items():
        client.force_login(user)
        ran.clear()
        response = client.post(url, {"action": action, "_selected_action": ["0"], "index": 0})
        assert response.status_code in {200, 302, 403}
        assert bool(ran) == (role in MAY_RUN[key]), f"{role}, {key}"


@pytest.mark.parametrize(("role", "sent"), [(CS, 1), (B, 0), (P, 0), (RP, 1)])
def test_only_those_who_record_consents_can_mail_consent_links(client, staff_by_role, role, sent):
    """Issue 10 item 7: billing and practitioners cannot mail the customers they see."""
    customer = CustomerFactory(email="aino@example.fi")
    if role == P:
        from tests.factories import PractitionerFactory

        practitioner = PractitionerFactory(user=staff_by_role[P])
        CareRelationshipFactory(customer=customer, practitioner=practitioner)
    client.force_login(staff_by_role[role])
    client.post(
        reverse("admin:registry_customer_changelist"),
        {"action": "send_consent_links", "_selected_action": [customer.pk], "index": 0},
    )
    assert len(mail.outbox) == sent
