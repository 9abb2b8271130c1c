"""Public request forms and the staff's action forms."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from privacy.models import DataSubjectRequest, RequestAttachment
from registry.models import Customer


class RequestForm(forms.ModelForm):
    """One form for every kind; the view fixes the kind and the language.

    ``website`` is a honeypot: hidden from people, filled in by bots.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    confirm_truthful = forms.BooleanField(
        label=_("I confirm that the details I have given are correct."),
        error_messages={"required": _("Confirm that the details are correct.")},
    )

    class Meta:
        model = DataSubjectRequest
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "postal_address",
            "details",
            "on_behalf",
            "subject_first_name",
            "subject_last_name",
            "mandate_kind",
            "mandate_details",
        ]
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "details": forms.Textarea(attrs={"rows": 5}),
        }

    # WCAG 1.3.5: the browser can fill in the requester's own details.
    AUTOCOMPLETE = {
        "first_name": "given-name",
        "last_name": "family-name",
        "email": "email",
        "phone": "tel",
        "postal_address": "street-address",
        "subject_first_name": "off",
        "subject_last_name": "off",
    }

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.instance.kind = kind
        for name, token in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        # The confirmation link goes by e-mail, so a web request needs an address.
        self.fields["email"].required = True
        self.fields["email"].help_text = _("We send a link here; the request is handled once you follow it.")
        if kind == DataSubjectRequest.Kind.CORRECTION:
            self.fields["details"].required = True
            self.fields["details"].error_messages["required"] = _(
                "Tell us which data is wrong and what it should be."
            )
        else:
            self.fields["details"].help_text = _("Anything that helps us handle the request (optional).")
        self.fields["mandate_kind"].choices = [("", "—"), *DataSubjectRequest.MandateKind.choices]

    def clean_website(self):
        return self.cleaned_data["website"]

    @property
    def is_bot(self):
        return bool(self.data.get("website"))


class OwnRequestForm(forms.Form):
    """A request filed on the customer's own page (issue 12): the identification tells who is asking."""

    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=[("", "—"), *DataSubjectRequest.Kind.choices],
        error_messages={"required": _("Choose what you ask for.")},
    )
    details = forms.CharField(
        label=_("details of the request"),
        required=False,
        max_length=DataSubjectRequest.DETAILS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For a correction: which data is wrong and what it should be. Otherwise optional."),
    )
    email = forms.EmailField(
        label=_("e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Optional: we tell you here when the answer is ready. The e-mail holds no personal data."
        ),
    )
    answer_by_post = forms.BooleanField(
        label=_("Send the answer by post instead"),
        required=False,
        help_text=_("Otherwise the answer waits for you on this page."),
    )
    postal_address = forms.CharField(
        label=_("postal address"),
        required=False,
        max_length=DataSubjectRequest.POSTAL_ADDRESS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Needed only for an answer by post."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == DataSubjectRequest.Kind.CORRECTION and not (data.get("details") or "").strip():
            self.add_error("details", _("Tell us which data is wrong and what it should be."))
        if data.get("answer_by_post") and not (data.get("postal_address") or "").strip():
            self.add_error("postal_address", _("Give the postal address the answer is sent to."))
        return data


class CustomerChoiceField(forms.ModelChoiceField):
    """A customer named with number, e-mail and phone, so that two of the same name are told apart (S34)."""

    def label_from_instance(self, customer):
        return customer.identifying_label


class VerifyIdentityForm(forms.Form):
    # S34: nothing is pre-selected; staff choose the method they actually used.
    method = forms.ChoiceField(
        label=_("identity verified by"),
        choices=[("", "—"), *DataSubjectRequest.VerificationMethod.choices],
        error_messages={"required": _("Choose how the identity was verified.")},
    )
    customer = CustomerChoiceField(
        label=_("customer"),
        queryset=Customer.objects.all(),
        required=False,
        help_text=_(
            "The customer the request concerns. Leave empty only if the register holds nothing on them."
        ),
        widget=AutocompleteSelect(DataSubjectRequest._meta.get_field("customer"), admin.site),
    )
    former_customer_number = forms.TypedChoiceField(
        label=_("former customer"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "The person's customer data has been erased, but the evidence of their earlier requests is kept. "
            "Choose it if the earlier requests are this person's: the answer then lists what is kept."
        ),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, former_customers=(), **kwargs):
        """``former_customers`` is ``privacy.selectors.former_customers(request)``; without any the choice is left out."""
        super().__init__(*args, **kwargs)
        if not former_customers:
            del self.fields["former_customer_number"]
            return
        self.fields["former_customer_number"].choices = [("", "—")] + [
            (number, former_customer_label(number, requests)) for number, requests in former_customers
        ]


class LinkCustomerForm(forms.Form):
    """Issue 12: the customer an identified requester is, confirmed once by staff."""

    customer = CustomerChoiceField(
        label=_("customer"),
        queryset=Customer.objects.all(),
        error_messages={"required": _("Choose the customer the request concerns.")},
        help_text=_(
            "The customer the identified person is. From now on they see this customer's data on their "
            "own page, so check the name and contact details first."
        ),
        widget=AutocompleteSelect(DataSubjectRequest._meta.get_field("customer"), admin.site),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def former_customer_label(number, requests):
    earlier = "; ".join(
        f"#{r.pk} {r.get_kind_display()} {r.received_on.isoformat()} – {r.requester_name}"
        + (f", {r.email}" if r.email else "")
        for r in requests
    )
    return _("customer number %(number)s: %(requests)s") % {"number": number, "requests": earlier}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RejectionForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("reason for rejection"),
        # The combined "unfounded or excessive" of older requests is not offered: the letter names one.
        choices=[
            choice
            for choice in DataSubjectRequest.RejectionReason.choices
            if choice[0] != DataSubjectRequest.RejectionReason.UNFOUNDED_OR_EXCESSIVE
        ],
    )
    explanation = forms.CharField(
        label=_("explanation to the requester"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the ground applies, for the requester to read. When the identity could not be "
            "verified, say what was missing; the letter invites them to give more information."
        ),
    )


class CompleteForm(NoteForm):
    """Completing a request: a restriction names its ground, a correction what was not done (issue 18)."""

    restriction_ground = forms.ChoiceField(
        label=_("ground of the restriction"),
        choices=DataSubjectRequest.RestrictionGround.choices,
        widget=forms.RadioSelect,
    )
    not_done = forms.CharField(
        label=_("what was not corrected, and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Told to the requester in the answer. Leave empty when everything asked was corrected."),
    )
    compelling_grounds = forms.CharField(
        label=_("processing that continues despite the objection, and its compelling grounds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "GDPR Art. 21(1): leave empty when all processing based on the clinic's legitimate interest "
            "stops. Otherwise say which processing continues and why the clinic's grounds override the "
            "customer's; the requester reads this."
        ),
    )

    def __init__(self, *args, dsr=None, **kwargs):
        super().__init__(*args, **kwargs)
        kind = dsr.kind if dsr is not None else None
        if kind != DataSubjectRequest.Kind.RESTRICTION:
            del self.fields["restriction_ground"]
        if kind != DataSubjectRequest.Kind.CORRECTION:
            del self.fields["not_done"]
        if kind != DataSubjectRequest.Kind.PROHIBIT_PROCESSING:
            del self.fields["compelling_grounds"]


class ExtensionForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("extend by"), coerce=int, choices=[(1, _("one month")), (2, _("two months"))]
    )
    ground = forms.ChoiceField(
        label=_("reason (told to the requester)"),
        choices=DataSubjectRequest.ExtensionGround.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("note for staff"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    """A scanned document for a request; ``privacy.services.attach_document`` checks the file."""

    kind = forms.ChoiceField(
        label=_("document"),
        choices=RequestAttachment.Kind.choices,
        initial=RequestAttachment.Kind.SIGNED_LETTER,
    )
    file = forms.FileField(
        label=_("file"),
        allow_empty_file=True,  # the service gives the clear message
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        help_text=_(
            "A PDF, JPEG or PNG scan of the signed letter or the mandate document. "
            "Do not attach a copy of an identity document."
        ),
        error_messages={"required": _("Choose the file to attach.")},
    )
