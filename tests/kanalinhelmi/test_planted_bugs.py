"""Rules that hold on every path, each of which a planted bug once broke unnoticed (issue 17).

- the audit trail follows the controller's details and feedback (S1, S10, S39);
- only the responsible person removes a request's document, in the service
  itself and not only on the admin page (S14, S34);
- the disclosure page and the customer page's disclosure rows record who
  disclosed (S17);
- nobody deletes the controller's details in the back-office (S1).
"""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from privacy import services
from privacy.models import RequestAttachment
from registry.models import ControllerDetails, Disclosure
from tests.consent.test_consent_history import _customer_form_data
from tests.factories import CustomerFactory, FeedbackFactory
from tests.privacy.conftest import SCANNED_PDF, confirmed

pytestmark = pytest.mark.django_db


def test_a_change_of_the_controllers_details_is_in_the_audit_trail(responsible_person):
    controller = ControllerDetails.current()
    controller.phone = "+358 9 555 0101"
    controller.save()
    assert LogEntry.objects.get_for_object(controller).filter(action=LogEntry.Action.UPDATE).exists()


def test_feedback_is_in_the_audit_trail():
    feedback = FeedbackFactory(text="Palvelu oli hidasta")
    assert LogEntry.objects.get_for_object(feedback).filter(action=LogEntry.Action.CREATE).exists()


def test_the_service_itself_refuses_removing_a_document_to_customer_service(customer_service_user):
    dsr = confirmed()
    upload = SimpleUploadedFile("kirje.pdf", SCANNED_PDF)
    attachment = services.attach_document(
        request=dsr, by=customer_service_user, kind="signed_letter", upload=upload
    )

    with pytest.raises(ValidationError) as refused:
        services.remove_attachment(attachment=attachment, by=customer_service_user, reason="vahinko")

    assert refused.value.code == "forbidden"
    assert RequestAttachment.objects.filter(pk=attachment.pk).exists()


def test_the_disclosure_page_records_who_disclosed(client, responsible_person):
    customer = CustomerFactory()
    client.force_login(responsible_person)
    now = timezone.localtime()
    response = client.post(
        reverse("admin:registry_disclosure_add"),
        {
            "customer": customer.pk,
            "recipient": "Kela",
            "basis": "legal_obligation",
            "legal_ground": "Sairausvakuutuslaki 19 luku",
            "data_disclosed": "käyntipäivät",
            "disclosed_at_0": now.strftime("%d.%m.%Y"),
            "disclosed_at_1": now.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Disclosure.objects.get(customer=customer).disclosed_by == responsible_person


def test_the_customer_pages_disclosure_row_records_who_disclosed(client, responsible_person):
    customer = CustomerFactory()
    client.force_login(responsible_person)
    url = reverse("admin:registry_customer_change", args=[customer.pk])
    page = client.get(url)
    data = _customer_form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])
    now = timezone.localtime()
    data.update(
        {
            "disclosures-TOTAL_FORMS": "1",
            "disclosures-0-recipient": "Kela",
            "disclosures-0-basis": "legal_obligation",
            "disclosures-0-legal_ground": "Sairausvakuutuslaki 19 luku",
            "disclosures-0-data_disclosed": "käyntipäivät",
            "disclosures-0-disclosed_at_0": now.strftime("%d.%m.%Y"),
            "disclosures-0-disclosed_at_1": now.strftime("%H:%M:%S"),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Disclosure.objects.get(customer=customer).disclosed_by == responsible_person


def test_nobody_deletes_the_controllers_details_in_the_back_office(client, admin_user):
    controller = ControllerDetails.current()
    client.force_login(admin_user)
    url = reverse("admin:registry_controllerdetails_delete", args=[controller.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ControllerDetails.objects.filter(pk=controller.pk).exists()
