"""The audit trail's integrity in the review (S39, issue 15): the last check and the seals.

The responsible person sees when ``verify_audit_trail`` last ran and what it
found, and downloads the daily seals to keep them outside the database.
"""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from privacy.audit.models import AuditSeal, AuditVerification
from privacy.audit.services import seal_file_name
from privacy.audit.views import review_page


@review_page
def integrity(request):
    return render(
        request,
        "audit_review/integrity.html",
        {
            "title": _("Integrity of the audit trail"),
            "heading": _("Integrity"),
            "checks": AuditVerification.objects.select_related("seal")[:20],
            "seals": AuditSeal.objects.all()[:60],
        },
    )


@review_page
def seal_download(request, pk):
    seal = get_object_or_404(AuditSeal, pk=pk).as_dict()
    response = HttpResponse(json.dumps(seal, indent=2) + "\n", content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{seal_file_name(seal)}"'
    return response
