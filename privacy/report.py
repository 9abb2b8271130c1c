"""The access report (S33, S35): everything held on a person, with what the law requires beside it.

Every app contributes its own part. The parts are the functions named in
``settings.ACCESS_REPORT_PARTS``; each follows this interface::

    access_report_part(customer) -> list[dict]

    Each dict is one section of the report:
        {"key": str, "title": str (translated, lazy ok), "records": list[dict[str, str]]}
    where each record maps a translated field label to a display string
    (dates ISO or localised). A section with no records says "nothing held".

Erasure (S19) calls the functions in ``settings.ERASURE_PARTS`` the same
way; each follows::

    erase_customer_part(*, customer) -> {
        "deleted": [str descriptions],
        "kept": [{"item": str, "legal_ground": str, "keep_until": date}],
    }

A part whose module does not exist yet is skipped (another app may not have
written it); anything that goes wrong inside a part is never swallowed.
"""

import importlib.util
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from privacy.information import legal_information, ombudsman
from registry.models import ControllerDetails


def load_parts(paths):
    """The callables named in ``paths``; those whose module is not in the tree yet are left out."""
    parts = []
    for path in paths:
        module_path = path.rpartition(".")[0]
        try:
            spec = importlib.util.find_spec(module_path)
        except ModuleNotFoundError as error:
            # Only a missing package of the path itself means "not written yet".
            if not (error.name and module_path.startswith(error.name)):
                raise
            spec = None
        if spec is None:
            continue
        parts.append(import_string(path))
    return parts


def controller_details():
    """The controller's details (S1) as a dict of strings, for letters and the JSON copy."""
    controller = ControllerDetails.current()
    return {
        "name": controller.name,
        "business_id": controller.business_id,
        "address": controller.postal_address,
        "phone": controller.phone,
        "email": controller.email,
        "register_name": controller.translated_register_name,
        "responsible_person": (
            f"{controller.responsible_person_name}, {controller.translated_responsible_person_title}"
        ),
    }


def build_access_report(customer, *, customer_number=None, subject="", part_paths=None):
    """The whole report as plain data, in the active language (callers use ``translation.override``).

    ``customer`` may be None when the register holds no customer row on the
    person. If staff linked the request to the number of an erased customer
    (``customer_number``, G2), the report is not "nothing held": it lists the
    evidence still kept of that person's earlier requests
    (``privacy.selectors.former_customer_report_part``), with
    ``only_request_evidence`` set so the letter says so. ``subject`` names
    the person then, as no customer row does. ``part_paths`` names the parts to
    build when not all of ``settings.ACCESS_REPORT_PARTS`` are wanted (the own
    page shows the log data and the requests by themselves).
    """
    from privacy.selectors import former_customer_report_part

    parts = []
    if customer is not None:
        parts = [
            part(customer)
            for part in load_parts(settings.ACCESS_REPORT_PARTS if part_paths is None else part_paths)
        ]
    elif customer_number is not None:
        parts = [former_customer_report_part(customer_number)]
    sections = [
        {
            "key": section["key"],
            "title": str(section["title"]),
            "records": [
                {str(label): str(value) for label, value in row.items()} for row in section["records"]
            ],
        }
        for part in parts
        for section in part
    ]
    only_request_evidence = customer is None and any(section["records"] for section in sections)
    information = [
        {"key": item["key"], "title": str(item["title"]), "paragraphs": [str(p) for p in item["paragraphs"]]}
        for item in legal_information()
    ]
    return {
        "controller": controller_details(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "subject": customer.full_name if customer is not None else (subject if only_request_evidence else ""),
        "nothing_held": customer is None and not only_request_evidence,
        "only_request_evidence": only_request_evidence,
        "sections": sections,
        "information": information,
        "ombudsman": ombudsman(),
        "note": gettext("This is a machine-readable copy of your access report (GDPR Art. 15 and 20)."),
    }


def json_safe(value):
    """Dates in a part's result as ISO strings, for the JSON field and export."""
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)
