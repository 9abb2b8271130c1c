"""Retention in the back-office (S19–S21): the rules, ended relationships, the job's batches.

The responsible person reads the rules and may change a period; ends a
customer relationship or removes a customer after misuse through the
services (the add form of "ended customer relationships"); and reads what
the retention job removed. Nothing here deletes.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kanalinhelmi.admin_mixins import ReadOnlyAdminMixin
from privacy.retention import services
from privacy.retention.models import RelationshipEnding, RetentionBatch, RetentionRule
from registry.admin import AccessLoggedMixin


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "period", "unit", "description", "legal_basis", "updated_at"]
    fields = ["key", "period", "unit", "description", "legal_basis", "updated_at"]
    readonly_fields = ["key", "unit", "description", "legal_basis", "updated_at"]

    @admin.display(description=_("what is removed"))
    def description(self, rule):
        return rule.description

    @admin.display(description=_("legal basis"))
    def legal_basis(self, rule):
        return rule.legal_basis

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RelationshipEnding)
class RelationshipEndingAdmin(AccessLoggedMixin, admin.ModelAdmin):
    list_display = ["recorded_at", "kind", "customer_number", "ended_on", "recorded_by", "data_removed_at"]
    list_filter = ["kind"]
    list_select_related = ["recorded_by"]
    search_fields = ["=customer_number"]
    autocomplete_fields = ["customer"]
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["customer", "kind", "ended_on", "reason"]
        return [
            "customer_number",
            "kind",
            "ended_on",
            "reason",
            "recorded_by",
            "recorded_at",
            "data_removed_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            form.base_fields["customer"].required = True
            # An erasure is recorded by its request; only the retention job writes ERASED.
            form.base_fields["kind"].choices = [
                choice
                for choice in form.base_fields["kind"].choices
                if choice[0] != RelationshipEnding.Kind.ERASED
            ]
            form.base_fields["kind"].help_text = _(
                "Ending keeps the data for the retention period; removal after misuse removes it now, "
                "keeping only what the law obliges (billing vouchers)."
            )
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if data["kind"] == RelationshipEnding.Kind.MISUSE:
                ending = services.remove_customer_after_misuse(
                    customer=data["customer"], reason=data["reason"], by=request.user
                )
            else:
                ending = services.end_customer_relationship(
                    customer=data["customer"],
                    reason=data["reason"],
                    by=request.user,
                    ended_on=data["ended_on"],
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            raise
        obj.pk = ending.pk
        obj.__dict__.update({k: v for k, v in ending.__dict__.items() if not k.startswith("_")})
        messages.success(request, gettext("Recorded: %(ending)s.") % {"ending": ending})


@admin.register(RetentionBatch)
class RetentionBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["done_at", "rule", "removed", "first_pk", "last_pk"]
    list_filter = ["rule"]
    list_select_related = ["rule"]
    show_full_result_count = False
