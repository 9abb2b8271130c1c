from django import forms
from django.utils.translation import gettext_lazy as _

from consent.models import ConsentPurpose, ConsentRecord, CookieChoice


class CookieChoiceForm(forms.Form):
    """The banner's and the settings page's form; optional categories start unticked (S25)."""

    action = forms.ChoiceField(choices=CookieChoice.Method.choices)
    analytics = forms.BooleanField(required=False, label=_("Analytics cookies"))
    marketing = forms.BooleanField(required=False, label=_("Marketing cookies"))
    # Issue 10, item 1: no unbounded public input (a path back to the page the visitor was on).
    next = forms.CharField(required=False, max_length=2000)

    def chosen_categories(self):
        method = self.cleaned_data["action"]
        if method == CookieChoice.Method.ACCEPT_ALL:
            return True, True
        if method == CookieChoice.Method.REJECT_ALL:
            return False, False
        return self.cleaned_data["analytics"], self.cleaned_data["marketing"]


class ConsentLinkRequestForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)


class ConsentChangeForm(forms.Form):
    """One button per purpose: give or withdraw, in the same place (GDPR Art. 7(3))."""

    purpose = forms.ChoiceField(choices=ConsentPurpose.Key.choices)
    action = forms.ChoiceField(choices=ConsentRecord.Action.choices)
