"""Who may open which back-office page (S29, DESIGN.md "Staff roles"), as a table.

The expectations are written out here from the design, not derived from
the roles module, so that a change in a role's permissions shows up as a
failing row to review.
"""

import pytest
from django.urls import reverse

from kanalinhelmi.roles import BILLING, CUSTOMER_SERVICE, PRACTITIONER, RESPONSIBLE_PERSON
from tests.conftest import make_staff

CS, B, P, RP = CUSTOMER_SERVICE, BILLING, PRACTITIONER, RESPONSIBLE_PERSON
ROLES = [CS, B, P, RP]

# admin page (app_label, model_name) -> roles that may open its list
MAY_VIEW = {
    ("registry", "customer"): {CS, B, P, RP},
    ("registry", "practitioner"): {CS, P, RP},
    ("registry", "billingprofile"): {B, RP},
    ("registry", "order"): {B, RP},
    ("registry", "invoice"): {B, RP},
    ("registry", "disclosure"): {CS, RP},
    ("registry", "controllerdetails"): {RP},
    # Issue 12: who was linked to a strong electronic identification, and by whom.
    ("registry", "electronicidentity"): {CS, RP},
    ("privacy", "datasubjectrequest"): {CS, RP},
    ("consent", "consentpurpose"): {CS, P, RP},
    ("consent", "consenttext"): {CS, P, RP},
    ("consent", "consentrecord"): {CS, P, RP},
    ("consent", "privacynotice"): {RP},
    ("consent", "processingpurpose"): {RP},
    ("consent", "cookiecategory"): {RP},
    ("consent", "cookieservice"): {RP},
    ("consent", "cookiepolicy"): {RP},
    ("consent", "cookiechoice"): {RP},
    ("auditlog", "logentry"): {RP},
    ("axes", "accessattempt"): {RP},
    ("axes", "accesslog"): {RP},
    ("axes", "accessfailurelog"): {RP},
    ("otp_totp", "totpdevice"): {RP},
    ("kanalinhelmi", "confidentialityundertaking"): {RP},
    ("retention", "retentionrule"): {RP},
    ("retention", "retentionbatch"): {RP},
    ("retention", "relationshipending"): {RP},
    ("auth", "user"): set(),  # accounts are the system administrator's (superuser) work
    ("auth", "group"): set(),
    # The mail queue (S40): the responsible person sees what could not be sent.
    ("post_office", "email"): {RP},
    ("post_office", "log"): {RP},
    ("post_office", "emailtemplate"): set(),
    ("post_office", "attachment"): set(),
    ("django_tasks_database", "dbtaskresult"): set(),  # the job queue is the system administrator's
}

# admin page -> roles that may add a record there
MAY_ADD = {
    ("registry", "customer"): {CS, RP},
    ("registry", "invoice"): {B, RP},
    ("registry", "billingprofile"): {B, RP},
    ("registry", "disclosure"): {RP},
    ("registry", "practitioner"): {RP},
    ("privacy", "datasubjectrequest"): {CS, RP},
    ("kanalinhelmi", "confidentialityundertaking"): {RP},
    ("auth", "user"): set(),
}


@pytest.fixture
def staff_by_role(db):
    return {role: make_staff(f"staff{n}", role) for n, role in enumerate(ROLES)}


@pytest.mark.parametrize(
    ("page", "allowed"), MAY_VIEW.items(), ids=lambda v: ".".join(v) if isinstance(v, tuple) else ""
)
def test_each_role_opens_exactly_the_lists_its_work_needs(client, staff_by_role, page, allowed):
    url = reverse(f"admin:{page[0]}_{page[1]}_changelist")
    for role, user in staff_by_role.items():
        client.force_login(user)
        status = client.get(url).status_code
        assert status == (200 if role in allowed else 403), f"{role} on {url}: {status}"


@pytest.mark.parametrize(
    ("page", "allowed"), MAY_ADD.items(), ids=lambda v: ".".join(v) if isinstance(v, tuple) else ""
)
def test_each_role_adds_only_what_its_work_needs(client, staff_by_role, page, allowed):
    url = reverse(f"admin:{page[0]}_{page[1]}_add")
    for role, user in staff_by_role.items():
        client.force_login(user)
        status = client.get(url).status_code
        assert status == (200 if role in allowed else 403), f"{role} on {url}: {status}"


def test_every_admin_page_is_in_the_table():
    from django.contrib import admin

    registered = {(m._meta.app_label, m._meta.model_name) for m in admin.site._registry}
    registered.discard(("audit_review", "auditreview"))  # a link to the audit review, tested there
    assert registered == set(MAY_VIEW)
