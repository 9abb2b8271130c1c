"""The back-office pages of third-party models, shaped for the clinic's staff, and the staff's own records."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from kanalinhelmi.admin_mixins import SafeListMixin
from kanalinhelmi.models import ConfidentialityUndertaking
from kanalinhelmi.roles import ROLES
from kanalinhelmi.selectors import staff_without_undertaking
from kanalinhelmi.two_factor import issue_enrolment_link


class AuthenticatorAdmin(TOTPDeviceAdmin):
    """Staff members' authenticator apps, for the responsible person to see and reset (S31).

    Only who, which and when are shown: the secret, its QR code and the
    device's counters stay hidden (OTP_ADMIN_HIDE_SENSITIVE_DATA), since
    with them anyone could produce a colleague's codes.
    """

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": ["user", "name", "confirmed", "created_at", "last_used_at"]})]


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAdmin)


class LoginAttemptAdmin(SafeListMixin, AccessAttemptAdmin):
    """Failed logins and lockouts (S31), for the responsible person to read and lift.

    Axes's clean-up action deletes attempts but declares no permission;
    here it needs the permission to delete them, as every action declares
    its own (issue 10 item 7).
    """

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        return super().cleanup_expired_attempts(request, queryset)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginAttemptAdmin)
# The logins' logs drill down by date too.
admin.site.unregister(AccessLog)
admin.site.register(AccessLog, type("LoginLogAdmin", (SafeListMixin, AccessLogAdmin), {}))
admin.site.unregister(AccessFailureLog)
admin.site.register(
    AccessFailureLog, type("LoginFailureLogAdmin", (SafeListMixin, AccessFailureLogAdmin), {})
)


class StaffAccountAdmin(UserAdmin):
    """Django's user admin, with the system administrator's enrolment links (issue 10, item 12)."""

    actions = ["issue_enrolment_links"]

    def has_issue_enrolment_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description=_("Issue a one-time link for setting up two-step login"), permissions=["issue_enrolment"]
    )
    def issue_enrolment_links(self, request, queryset):
        for user in queryset.order_by("username"):
            try:
                path = issue_enrolment_link(user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
                continue
            self.message_user(
                request,
                _(
                    "Enrolment link for %(user)s, valid for %(hours)s hours and once: %(link)s — "
                    "give it to them in person or by phone, never by e-mail."
                )
                % {
                    "user": user.get_username(),
                    "hours": settings.STAFF_ENROLMENT_LINK_HOURS,
                    "link": request.build_absolute_uri(path),
                },
                messages.SUCCESS,
            )


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), StaffAccountAdmin)


class StaffMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        label = f"{name} ({user.get_username()})" if name else user.get_username()
        if not user.is_active:
            label += " – " + gettext("no longer active")
        return label


class ConfidentialityUndertakingForm(forms.ModelForm):
    """The responsible person records a signed undertaking they have seen (S30)."""

    staff_member = StaffMemberChoiceField(
        label=_("staff member"),
        queryset=get_user_model()
        .objects.filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=ROLES))
        .distinct()
        .order_by("-is_active", "last_name", "first_name", "username"),
    )
    # Only a record that still counts can be corrected. Declared here, so the
    # admin adds no "add another" popup beside it.
    corrects = ConfidentialityUndertaking._meta.get_field("corrects").formfield(
        queryset=ConfidentialityUndertaking.objects.in_force().select_related("staff_member")
    )

    class Meta:
        model = ConfidentialityUndertaking
        fields = ["staff_member", "signed_on", "reference", "corrects"]


@admin.register(ConfidentialityUndertaking)
class ConfidentialityUndertakingAdmin(admin.ModelAdmin):
    """Signed confidentiality undertakings: recorded and read, never changed or deleted (S30, S39).

    The list opens with the active staff members who have none on record,
    so the responsible person and an auditor see the gaps in one place.
    Logins are not refused for a missing undertaking.
    """

    form = ConfidentialityUndertakingForm
    list_display = [
        "staff_member_name",
        "signed_on",
        "reference",
        "recorded_by_name",
        "recorded_at",
        "in_force",
    ]
    list_select_related = ["staff_member", "recorded_by", "corrected_by"]
    search_fields = ["staff_member__last_name", "staff_member__username"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return super().get_fields(request, obj)
        # Names as text: a link to the user admin would only lead the
        # responsible person to a page they may not open.
        return [
            "staff_member_name",
            "signed_on",
            "reference",
            "corrects",
            "correction",
            "recorded_by_name",
            "recorded_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["staff_member_name", "correction", "recorded_by_name"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "staff_without_undertaking": list(staff_without_undertaking()),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("staff member"), ordering="staff_member__last_name")
    def staff_member_name(self, undertaking):
        user = undertaking.staff_member
        return user.get_full_name() or user.get_username()

    @admin.display(description=_("recorded by"))
    def recorded_by_name(self, undertaking):
        user = undertaking.recorded_by
        return user.get_full_name() or user.get_username()

    @admin.display(description=_("counts"), boolean=True)
    def in_force(self, undertaking):
        return not hasattr(undertaking, "corrected_by")

    @admin.display(description=_("corrected by"))
    def correction(self, undertaking):
        later = getattr(undertaking, "corrected_by", None)
        if later is None:
            return "–"
        url = reverse("admin:kanalinhelmi_confidentialityundertaking_change", args=[later.pk])
        return format_html(
            '<a href="{}">{}</a> ({})', url, later, date_format(timezone.localtime(later.recorded_at))
        )
