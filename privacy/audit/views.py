"""The audit review (S2, S39): admin-styled pages for the responsible person.

Only GET: nothing here changes the trail. Pages neither count the trail
nor read it whole; a page is one query for the entries plus a constant few
for the names beside them.
"""

import logging
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from auditlog.signals import accessed
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from privacy.audit import exports, selectors
from privacy.audit.display import TrailFormatter
from privacy.audit.forms import AuditFilterForm
from privacy.audit.highlights import HIGHLIGHTS, busy_days
from registry.models import ControllerDetails

logger = logging.getLogger(__name__)

PER_PAGE = 100
PERMISSION = "audit_review.review_audit_trail"


def review_page(view):
    """Staff login (the admin's), the review permission, and GET only."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return admin.site.admin_view(require_GET(checked))


def _filter_form(request, **fixed):
    data = request.GET.copy()
    for name, value in fixed.items():
        data[name] = value
    highlight = HIGHLIGHTS.get(data.get("highlight", ""))
    if highlight is not None and not data.get("since") and not data.get("until"):
        # Highlights are always bounded by a time range (see highlights.py).
        data["since"] = (timezone.localdate() - timedelta(days=settings.AUDIT_HIGHLIGHT_DAYS)).isoformat()
    return AuditFilterForm(data), highlight, data


def _entries(form, highlight):
    if not form.is_valid():
        return None
    entries = selectors.filter_entries(**form.filters())
    if highlight is not None and highlight.filter is not None:
        entries = highlight.filter(entries)
    return entries


def _page_number(request):
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return 1


def _query_string(data, **changes):
    data = data.copy()
    data.pop("page", None)
    for name, value in changes.items():
        data[name] = value
    return data.urlencode()


def _context(request, **context):
    return {**admin.site.each_context(request), **context}


@review_page
def review(request, customer_id=None, actor_id=None):
    """The trail filtered by customer, staff member, action, time range or highlight."""
    from registry.models import Customer

    fixed = {}
    if customer_id is not None:
        fixed["customer"] = str(customer_id)
    if actor_id is not None:
        fixed["actor"] = str(actor_id)
    form, highlight, data = _filter_form(request, **fixed)
    entries = _entries(form, highlight)
    page = _page_number(request)
    rows, has_next, heading, customer = [], False, None, None
    if entries is not None:
        start = (page - 1) * PER_PAGE
        found = list(selectors.with_review_details(entries)[start : start + PER_PAGE + 1])
        has_next = len(found) > PER_PAGE
        rows = TrailFormatter().format(found[:PER_PAGE])
        filter_customer = form.cleaned_data.get("customer")
        if filter_customer:
            customer = Customer.objects.filter(pk=filter_customer).first()
            heading = _("History of customer %(number)s") % {"number": filter_customer}
            if customer is not None:
                # S39: the history shows the customer's data, so reading it is a view too.
                accessed.send(sender=Customer, instance=customer)
        elif form.cleaned_data.get("actor"):
            heading = _("Activity of %(staff)s") % {
                "staff": form.fields["actor"].label_from_instance(form.cleaned_data["actor"])
            }
    if highlight is not None:
        heading = highlight.title
    return render(
        request,
        "audit_review/review.html",
        _context(
            request,
            title=heading or _("Audit review"),
            heading=heading,
            form=form,
            highlight=highlight,
            highlights=HIGHLIGHTS.values(),
            filter_action=reverse("audit_review:review"),
            rows=rows,
            customer=customer,
            page=page,
            has_next=has_next,
            previous_query=_query_string(data, page=page - 1) if page > 1 else None,
            next_query=_query_string(data, page=page + 1) if has_next else None,
            export_query=_query_string(data),
        ),
    )


@review_page
def busy_day_list(request):
    """Staff members who opened unusually many customers in a day."""
    form, _highlight, data = _filter_form(request, highlight="busy-days")
    rows, page, has_next = [], _page_number(request), False
    if form.is_valid():
        # Each row links to that staff member's views of that day, with the rest of the filter kept.
        drill_down = {"page", "highlight", "actor", "since", "until", "action"}
        kept = [(name, value) for name, values in data.lists() if name not in drill_down for value in values]
        found = busy_days(**form.filters())
        # Pages of PER_PAGE rows like the review's: a dense range can hold hundreds of busy days.
        start = (page - 1) * PER_PAGE
        has_next = len(found) > start + PER_PAGE
        for row in found[start : start + PER_PAGE]:
            day = row.day.isoformat()
            actor = row.actor.pk if row.actor else ""
            query = urlencode([*kept, ("actor", actor), ("since", day), ("until", day), ("action", "access")])
            rows.append({"row": row, "query": query})
    return render(
        request,
        "audit_review/busy_days.html",
        _context(
            request,
            title=HIGHLIGHTS["busy-days"].title,
            heading=HIGHLIGHTS["busy-days"].title,
            form=form,
            highlights=HIGHLIGHTS.values(),
            highlight=HIGHLIGHTS["busy-days"],
            filter_action=reverse("audit_review:busy_days"),
            threshold=settings.AUDIT_BUSY_DAY_CUSTOMERS,
            rows=rows,
            review_url=reverse("audit_review:review"),
            page=page,
            previous_query=_query_string(data, page=page - 1) if page > 1 else None,
            next_query=_query_string(data, page=page + 1) if has_next else None,
        ),
    )


@review_page
def data_map(request):
    """The register's data map (GDPR Art. 30), for the responsible person to read and print."""
    from kanalinhelmi.personal_data import data_map_rows

    title = _("Data map of the register")
    return render(
        request,
        "audit_review/data_map.html",
        _context(
            request,
            title=title,
            heading=_("Data map"),
            rows=data_map_rows(),
            controller=ControllerDetails.current(),
            printed_on=timezone.localdate(),
        ),
    )


def _export(request, response):
    form, highlight, _data = _filter_form(request)
    entries = _entries(form, highlight)
    if entries is None:
        return review(request)
    logger.info("Audit trail exported by %s: %s", request.user.get_username(), request.GET.urlencode())
    return response(entries)


@review_page
def export_csv(request):
    """The current filter as CSV, streamed in batches so any size fits in memory."""
    return _export(request, exports.csv_response)


@review_page
def export_xlsx(request):
    """The current filter as an Excel workbook (issue 11 item 3)."""
    return _export(request, exports.xlsx_response)
