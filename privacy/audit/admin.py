"""The audit trail in the back-office: read-only, and fit for tens of millions of entries (S39)."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.shortcuts import redirect

from kanalinhelmi.admin_mixins import ReadOnlyAdminMixin
from kanalinhelmi.pagination import CappedCountPaginator
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

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, ScaledLogEntryAdmin)
