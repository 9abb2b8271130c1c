from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

ACTION_CHOICES = [
    ("", _("all actions")),
    ("create", _("created")),
    ("change", _("changed")),
    ("delete", _("deleted")),
    ("access", _("viewed")),
]
ACTIONS = {
    "create": LogEntry.Action.CREATE,
    "change": LogEntry.Action.UPDATE,
    "delete": LogEntry.Action.DELETE,
    "access": LogEntry.Action.ACCESS,
}


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


class AuditFilterForm(forms.Form):
    """The filters of the audit review; every one is served by an index of the trail."""

    customer = forms.IntegerField(
        label=_("customer number"),
        required=False,
        min_value=1,
        help_text=_("The customer's number: their history, including representatives, billing and requests."),
    )
    actor = StaffChoiceField(
        label=_("staff member"),
        queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
        required=False,
        empty_label=_("all staff"),
    )
    action = forms.ChoiceField(label=_("action"), choices=ACTION_CHOICES, required=False)
    since = forms.DateField(
        label=_("first day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start of the time range is after its end."))
        return data

    def filters(self):
        """Keyword arguments for ``selectors.filter_entries``."""
        data = self.cleaned_data
        return {
            "customer_id": data.get("customer"),
            "actor": data.get("actor"),
            "action": ACTIONS.get(data.get("action") or ""),
            "since": data.get("since"),
            "until": data.get("until"),
        }
