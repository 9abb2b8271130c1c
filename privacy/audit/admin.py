"""The audit trail in the back-office: read-only, and fit for tens of millions of entries (S39)."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kanalinhelmi.admin_mixins import ReadOnlyAdminMixin
from kanalinhelmi.pagination import CappedCountPaginator
from privacy.audit.display import TrailFormatter
from privacy.audit.models import AuditReview
from privacy.audit.views import PERMISSION


@admin.register(AuditReview)
class AuditReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The link to the audit review on the admin index, for the responsible person only."""

    def has_module_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)

    def get_urls(self):
        # Only the changelist, and it leads to the review pages.
        from django.urls import path

        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.changelist_view), name=name)]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return redirect("audit_review:review")


class TrailChangeList(ChangeList):
    """The page's entries formatted in one batch, as the audit review does, instead of row by row."""

    def get_results(self, request):
        super().get_results(request)
        formatter = TrailFormatter(values=False)
        for entry, shown in zip(self.result_list, formatter.format(self.result_list), strict=True):
            entry.shown = shown
            entry.changed_labels = formatter.changed_labels(entry)


class ScaledLogEntryAdmin(LogEntryAdmin):
    """auditlog's own list of entries, without what would read the whole trail.

    Its date hierarchy (a DISTINCT over every timestamp), its free-text
    search over the JSON of every change and its COUNT(*) do not scale to
    tens of millions of entries; the audit review offers indexed filters
    instead. Still read-only: no adding, changing or deleting.
    """

    date_hierarchy = None
    search_fields = []
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_filter = ["action"]
    # The customer link too: each row's time and staff member are shown as the
    # review shows them, which reads the entry's customer (one query a row otherwise).
    list_select_related = ["content_type", "actor", "customer_link"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    # auditlog's own columns show field names, usernames and the server's
    # time; these show what the audit review shows (issue 11 item 2).

    def get_queryset(self, request):
        from django.contrib.auth.models import Group
        from django.db.models import Prefetch

        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("actor__groups", queryset=Group.objects.order_by("name")))
        )

    def get_changelist(self, request, **kwargs):
        return TrailChangeList

    @staticmethod
    def _shown(entry, values=False):
        if not values and hasattr(entry, "shown"):
            return entry.shown
        [shown] = TrailFormatter(values=values).format([entry])
        return shown

    @admin.display(description=_("time"))
    def created(self, obj):
        return self._shown(obj).time_text

    @admin.display(description=_("staff member"))
    def user_url(self, obj):
        shown = self._shown(obj)
        if obj.actor_id is None:
            return shown.staff
        return format_html(
            '<a href="{}">{}</a>{}',
            reverse("audit_review:staff", args=[obj.actor_id]),
            shown.staff,
            f" ({shown.roles})" if shown.roles else "",
        )

    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj):
        return super().cid_url(obj)

    @admin.display(description=_("changes"))
    def msg_short(self, obj):
        labels = getattr(obj, "changed_labels", None)
        if labels is None:
            labels = TrailFormatter().changed_labels(obj)
        return ", ".join(labels)

    @admin.display(description=_("changes"))
    def msg(self, obj):
        changes = self._shown(obj, values=True).changes
        return format_html_join(
            "", "<div><strong>{}</strong>: {} → {}</div>", ((c.label, c.old, c.new) for c in changes)
        )


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, ScaledLogEntryAdmin)
