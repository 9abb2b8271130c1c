"""The back-office site: Django's admin with a work queue on its front page (issue 11, G11, S40).

Each staff member first sees what waits for them, each line a link to the
page where it is done; the list of models follows. The customer picker
labels each customer so that two with the same name can be told apart (S34).
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from privacy.selectors import SOON_DAYS


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results labelled by the model admin's ``autocomplete_label(obj)`` when it has one,
    with ``autocomplete_details(obj)`` (a dict) beside, for a page that shows what was picked.

    The customers it offers are seen, so they are logged as seen (S39; issue 17 item 4).
    """

    def get_context_data(self, **kwargs):
        from kanalinhelmi.admin_mixins import ViewsLoggedMixin

        context = super().get_context_data(**kwargs)
        if isinstance(self.model_admin, ViewsLoggedMixin):
            rows = context["object_list"]
            list(rows)  # read once; the response reads the same rows again from the cache
            self.model_admin.log_shown(self.request, rows, "autocomplete")
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = str(label(obj))
        details = getattr(self.model_admin, "autocomplete_details", None)
        if details is not None:
            result["details"] = details(obj)
        return result


class StaffAdminSite(admin.AdminSite):
    site_header = _("Kanalinhelmi customer register")
    site_title = _("Kanalinhelmi")
    index_title = _("Register administration")
    # Issue 11 item 7: at 1366 px the model list beside every page took a
    # quarter of the screen and pushed the request list off it; the front
    # page and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "work_queue": work_queue(request.user)}
        return super().index(request, extra_context)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


def _first_and_count(queryset, limit):
    """The first ``limit`` rows and how many there are; counted by a second query only when there are more."""
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, len(rows)
    return rows[:limit], queryset.count()


def _changelist(model, **query):
    url = reverse(f"admin:{model}_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def _request_line(dsr, queue, *, url=None, extra=""):
    """One request as a line of the queue: number, kind, requester, state and due date, marked when late."""
    days = (dsr.due_on - queue.today).days
    marker = ""
    if days < 0:
        marker = "overdue"
        due = gettext("overdue by %(days)s d") % {"days": -days}
    elif days <= SOON_DAYS:
        marker = "soon"
        due = gettext("%(days)s d left") % {"days": days}
    else:
        due = ""
    text = gettext("#%(number)s %(kind)s – %(requester)s · %(state)s · due %(due)s") % {
        "number": dsr.pk,
        "kind": dsr.get_kind_display(),
        "requester": dsr.requester_name,
        "state": dsr.get_state_display(),
        "due": date_format(dsr.due_on, "SHORT_DATE_FORMAT"),
    }
    return {
        "url": url or reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]),
        "text": text + extra,
        "marker": marker,
        "marker_text": due,
    }


def work_queue(user):
    """The sections of the user's work queue, each ``{title, lines, links, empty}`` (issue 11 item 5).

    Staff who handle requests see the requests waiting for them; the
    responsible person also sees locked-out accounts (S31) and staff without
    a confidentiality undertaking (S30). The reads are in the selectors.
    """
    from kanalinhelmi.selectors import locked_out_accounts, staff_without_undertaking
    from privacy.selectors import QUEUE_LENGTH, request_queue

    sections = []
    if user.has_perm("privacy.view_datasubjectrequest"):
        queue = request_queue()
        counts = queue.counts
        requests = "privacy_datasubjectrequest"
        sections.append(
            {
                "key": "open",
                "title": gettext("Open requests by due date"),
                "summary": gettext("%(open)s open, %(overdue)s overdue, %(soon)s due within 7 days") % counts,
                "lines": [_request_line(dsr, queue) for dsr in queue.open],
                "links": [
                    (gettext("Overdue"), _changelist(requests, due="overdue")),
                    (gettext("Due within 7 days"), _changelist(requests, due="soon")),
                    (gettext("All open"), _changelist(requests, due="open")),
                ],
                "empty": gettext("No open requests."),
            }
        )
        approver = user.has_perm("privacy.approve_datasubjectrequest")
        sections.append(
            {
                "key": "approval",
                "title": gettext("Waiting for your approval")
                if approver
                else gettext("Waiting for the responsible person's approval"),
                "summary": ngettext("%(count)s request", "%(count)s requests", counts["awaiting_approval"])
                % {"count": counts["awaiting_approval"]},
                "lines": [
                    _request_line(
                        dsr,
                        queue,
                        url=reverse("admin:privacy_request_action", args=[dsr.pk, "approve_request"])
                        if approver
                        else None,
                        extra=" · " + dsr.get_pending_decision_display() if dsr.pending_decision else "",
                    )
                    for dsr in queue.awaiting_approval
                ],
                "links": [(gettext("All"), _changelist(requests, state__exact="awaiting_approval"))],
                "empty": gettext("Nothing waits for approval."),
            }
        )
        can_mark = user.has_perm("privacy.change_datasubjectrequest")
        sections.append(
            {
                "key": "unsent",
                "title": gettext("Answers written but not yet sent"),
                "summary": ngettext("%(count)s letter", "%(count)s letters", counts["unsent"])
                % {"count": counts["unsent"]},
                "lines": [
                    _request_line(
                        letter.request,
                        queue,
                        url=reverse("admin:privacy_request_letter_sent", args=[letter.request.pk, letter.pk])
                        if can_mark
                        else None,
                        extra=" · "
                        + gettext("%(letter)s written %(day)s")
                        % {
                            "letter": letter.get_kind_display(),
                            "day": date_format(timezone.localtime(letter.created_at), "SHORT_DATE_FORMAT"),
                        },
                    )
                    | {"marker": "", "marker_text": ""}
                    for letter in queue.unsent_letters
                ],
                "links": [(gettext("All"), _changelist(requests, answer="not_sent"))],
                "empty": gettext("Every answer has been sent."),
            }
        )
        sections.append(
            {
                "key": "expiring",
                "title": gettext("Unconfirmed requests about to expire"),
                "summary": ngettext("%(count)s request", "%(count)s requests", counts["expiring"])
                % {"count": counts["expiring"]},
                "lines": [
                    {
                        "url": reverse("admin:privacy_datasubjectrequest_change", args=[dsr.pk]),
                        "text": gettext("#%(number)s %(kind)s – %(requester)s · received %(received)s")
                        % {
                            "number": dsr.pk,
                            "kind": dsr.get_kind_display(),
                            "requester": dsr.requester_name,
                            "received": date_format(
                                timezone.localtime(dsr.received_at), "SHORT_DATETIME_FORMAT"
                            ),
                        },
                        "marker": "soon",
                        "marker_text": gettext("not confirmed"),
                    }
                    for dsr in queue.expiring
                ],
                "links": [(gettext("All unconfirmed"), _changelist(requests, state__exact="submitted"))],
                "empty": gettext("No unconfirmed request is about to expire."),
            }
        )
    if user.has_perm("axes.view_accessattempt"):
        attempts, count = _first_and_count(locked_out_accounts(limit=None), QUEUE_LENGTH)
        sections.append(
            {
                "key": "lockouts",
                "title": gettext("Locked-out accounts"),
                "summary": ngettext("%(count)s lockout", "%(count)s lockouts", count) % {"count": count},
                "lines": [
                    {
                        "url": reverse("admin:axes_accessattempt_change", args=[attempt.pk]),
                        "text": gettext("%(username)s from %(address)s, last attempt %(time)s")
                        % {
                            "username": attempt.username or "–",
                            "address": attempt.ip_address or "–",
                            "time": date_format(
                                timezone.localtime(attempt.attempt_time), "SHORT_DATETIME_FORMAT"
                            ),
                        },
                        "marker": "",
                        "marker_text": "",
                    }
                    for attempt in attempts
                ],
                "links": [(gettext("All"), _changelist("axes_accessattempt"))],
                "empty": gettext("No account is locked out."),
            }
        )
    if user.has_perm("kanalinhelmi.add_confidentialityundertaking"):
        staff, count = _first_and_count(staff_without_undertaking().prefetch_related(None), QUEUE_LENGTH)
        add = reverse("admin:kanalinhelmi_confidentialityundertaking_add")
        sections.append(
            {
                "key": "undertakings",
                "title": gettext("Staff without a confidentiality undertaking"),
                "summary": ngettext("%(count)s staff member", "%(count)s staff members", count)
                % {"count": count},
                "lines": [
                    {
                        "url": f"{add}?{urlencode({'staff_member': member.pk})}",
                        "text": gettext("Record the undertaking of %(name)s")
                        % {"name": member.get_full_name() or member.get_username()},
                        "marker": "",
                        "marker_text": "",
                    }
                    for member in staff
                ],
                "links": [(gettext("All"), _changelist("kanalinhelmi_confidentialityundertaking"))],
                "empty": gettext("Every staff member has signed one."),
            }
        )
    return sections
