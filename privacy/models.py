"""Data-subject requests (S33–S38, S40): what the customer asked, and every step of the answer.

The state machine lives in ``privacy.services``; the model knows its dates
and what each state allows. Letters are stored with the request so that the
answer can be shown later exactly as it was sent (S35).
"""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.fields import PhoneNumberField
from registry.models import Language


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later; a missing day falls to the month's end.

    GDPR Art. 12(3) counts in months: a request received on 31 January is due
    on 28 (or 29) February, not on 3 March.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class DataSubjectRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state__in=DataSubjectRequest.CLOSED_STATES)

    def overdue(self, on=None):
        return self.open().filter(due_on__lt=on or timezone.localdate())

    def answer_not_sent(self):
        """Handled requests whose answer (or rejection) letter staff still have to send (G11, S35, S40).

        A request counts as answered when its letter is written; the letter
        still has to leave the clinic by post or by hand
        (``RequestLetter.awaiting_sending``).
        """
        return self.filter(
            models.Exists(RequestLetter.awaiting_sending().filter(request=models.OuterRef("pk")))
        )


class DataSubjectRequest(models.Model):
    """A customer's request to use a right under data protection law."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("inspection (right of access)")
        CORRECTION = "correction", _("correction")
        ERASURE = "erasure", _("erasure")
        PROHIBIT_DISCLOSURE = "prohibit_disclosure", _("prohibition of disclosure")
        PROHIBIT_PROCESSING = "prohibit_processing", _("prohibition of processing")
        PROHIBIT_DIRECT_MARKETING = "prohibit_direct_marketing", _("prohibition of direct marketing")
        RESTRICTION = "restriction", _("restriction of processing")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted, e-mail not confirmed")
        EMAIL_CONFIRMED = "email_confirmed", _("confirmed by the requester")
        IDENTITY_VERIFIED = "identity_verified", _("identity verified")
        IN_PROGRESS = "in_progress", _("in progress")
        AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
        COMPLETED = "completed", _("completed")
        REJECTED = "rejected", _("rejected")
        EXPIRED = "expired", _("expired unconfirmed")

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        PAPER = "paper", _("letter")
        # Issue 12: filed on the customer's own page after strong electronic identification.
        OWN_PAGE = "own_page", _("the customer's own page")

    class AnswerDelivery(models.TextChoices):
        # GDPR Art. 12(3), D6: a request made electronically is answered electronically,
        # on the customer's own page, unless the requester asks for post.
        OWN_PAGE = "own_page", _("on the customer's own page")
        POST = "post", _("by post")

    class VerificationMethod(models.TextChoices):
        SIGNED_LETTER = "signed_letter", _("signed letter received")
        STRONG_EID = "strong_eid", _("strong electronic identification")
        IN_PERSON = "in_person", _("in person with an identity document")
        MANDATE = "mandate", _("representative's mandate checked")

    class MandateKind(models.TextChoices):
        GUARDIAN = "guardian", _("guardian of a minor")
        LEGAL_REPRESENTATIVE = "legal_representative", _("legal representative (edunvalvoja)")
        POWER_OF_ATTORNEY = "power_of_attorney", _("power of attorney")

    class RejectionReason(models.TextChoices):
        IDENTITY_NOT_VERIFIED = "identity_not_verified", _("the requester's identity could not be verified")
        # GDPR Art. 12(5): the letter names which of the two grounds applies.
        MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("manifestly unfounded (GDPR Art. 12(5))")
        EXCESSIVE = "excessive", _("excessive, in particular repetitive (GDPR Art. 12(5))")
        LEGAL_EXCEPTION = "legal_exception", _("an exception provided by law")
        # Chosen before the two grounds were told apart; no longer offered.
        UNFOUNDED_OR_EXCESSIVE = "unfounded_or_excessive", _("manifestly unfounded or excessive")

    class ExtensionGround(models.TextChoices):
        # GDPR Art. 12(3): the only reasons the law accepts for a longer deadline.
        COMPLEX = "complex", _("the request is complex")
        MANY_REQUESTS = "many_requests", _("the number of requests")

    class RestrictionGround(models.TextChoices):
        # GDPR Art. 18(1)(a)–(d).
        ACCURACY_CONTESTED = "accuracy_contested", _("the accuracy of the data is contested (Art. 18(1)(a))")
        UNLAWFUL_PROCESSING = (
            "unlawful_processing",
            _(
                "the processing is unlawful and the data subject wants restriction instead of erasure (Art. 18(1)(b))"
            ),
        )
        LEGAL_CLAIMS = (
            "legal_claims",
            _("the data subject needs the data for legal claims after we no longer need it (Art. 18(1)(c))"),
        )
        OBJECTION_PENDING = (
            "objection_pending",
            _("an objection is pending verification of our legitimate grounds (Art. 18(1)(d))"),
        )

    class PendingDecision(models.TextChoices):
        ERASE = "erase", _("erasure")
        REJECT = "reject", _("rejection")

    CLOSED_STATES = (State.COMPLETED, State.REJECTED, State.EXPIRED)
    PROHIBITION_KINDS = {
        Kind.PROHIBIT_DISCLOSURE: "disclosure",
        Kind.PROHIBIT_PROCESSING: "processing",
        Kind.PROHIBIT_DIRECT_MARKETING: "direct_marketing",
        Kind.RESTRICTION: "restriction",
    }
    MAX_EXTENSION_MONTHS = 2
    POSTAL_ADDRESS_MAX_LENGTH = 500
    DETAILS_MAX_LENGTH = 5000

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=32, choices=State.choices, default=State.SUBMITTED)
    channel = models.CharField(_("arrived by"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    answer_delivery = models.CharField(
        _("answer delivered"), max_length=8, choices=AnswerDelivery.choices, default=AnswerDelivery.POST
    )
    # Issue 12, S9: the keyed hash of the identity code of a requester who used strong electronic
    # identification, so their own page finds the request, also before staff link it to a customer.
    person_key = models.CharField(_("identification key"), max_length=64, blank=True, editable=False)
    language = models.CharField(
        _("language of the answer"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    # Issue 10, item 1: public input is bounded, in the form and here (a text
    # field's max_length alone binds only the form).
    postal_address = models.TextField(
        _("postal address"),
        blank=True,
        max_length=POSTAL_ADDRESS_MAX_LENGTH,
        validators=[MaxLengthValidator(POSTAL_ADDRESS_MAX_LENGTH)],
    )
    details = models.TextField(
        _("details of the request"),
        blank=True,
        max_length=DETAILS_MAX_LENGTH,
        validators=[MaxLengthValidator(DETAILS_MAX_LENGTH)],
        help_text=_("For a correction: which data is wrong and what it should be."),
    )

    # S14: a guardian or a legal representative asks on someone's behalf.
    on_behalf = models.BooleanField(_("on behalf of another person"), default=False)
    subject_first_name = models.CharField(_("first name of the person concerned"), max_length=100, blank=True)
    subject_last_name = models.CharField(_("last name of the person concerned"), max_length=100, blank=True)
    mandate_kind = models.CharField(_("mandate"), max_length=32, choices=MandateKind.choices, blank=True)
    mandate_details = models.CharField(
        _("mandate details"),
        max_length=300,
        blank=True,
        help_text=_("For example the date of the guardianship decision or the power of attorney."),
    )

    customer = models.ForeignKey(
        "registry.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_subject_requests",
        verbose_name=_("customer"),
    )
    # G2, S33: the number of the customer the request concerns, kept when the
    # customer row goes (erasure, retention), so a later inspection request of
    # the same person can find the evidence still kept of this one.
    customer_number = models.BigIntegerField(
        _("customer number"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Kept after the customer's data is erased, so that the person's later requests find this one."
        ),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_on = models.DateField(_("due"))
    original_due_on = models.DateField(_("original due date"))
    extension_months = models.PositiveSmallIntegerField(_("extended by months"), default=0)
    extension_ground = models.CharField(
        _("reason for the extension"), max_length=16, choices=ExtensionGround.choices, blank=True
    )
    extension_reason = models.TextField(
        _("note on the extension"), blank=True, help_text=_("For staff; the letter gives the reason chosen.")
    )
    extension_notified_at = models.DateTimeField(_("requester told of the extension"), null=True, blank=True)

    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    verification_method = models.CharField(
        _("identity verified by"), max_length=32, choices=VerificationMethod.choices, blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    started_at = models.DateTimeField(_("work started"), null=True, blank=True)

    pending_decision = models.CharField(
        _("awaiting approval of"), max_length=8, choices=PendingDecision.choices, blank=True
    )
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=32, choices=RejectionReason.choices, blank=True
    )
    rejection_explanation = models.TextField(_("explanation of the rejection"), blank=True)
    restriction_ground = models.CharField(
        _("ground of the restriction"), max_length=24, choices=RestrictionGround.choices, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # What the answer did: changed fields (correction), deleted and kept items (erasure).
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    # Optimistic lock: a form carries the version it was shown, a stale one is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_on", "id"]
        permissions = [("approve_datasubjectrequest", _("Can approve erasures and rejections"))]
        indexes = [
            models.Index(fields=["due_on", "id"], name="request_due_idx"),
            models.Index(fields=["state", "due_on"], name="request_state_due_idx"),
            models.Index(fields=["email"], name="request_email_idx"),
            models.Index(
                fields=["person_key"], condition=~models.Q(person_key=""), name="request_person_key_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} – {self.requester_name}"

    def save(self, *args, **kwargs):
        self._fill_due_dates()
        if self.customer_id is not None:
            # Set on every save while linked, so whichever way the customer
            # row later goes (the foreign key is then set null), the number stays.
            self.customer_number = self.customer_id
            if kwargs.get("update_fields"):
                kwargs["update_fields"] = {*kwargs["update_fields"], "customer_number"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self._fill_due_dates()
        super().clean_fields(exclude)

    def _fill_due_dates(self):
        if not self.due_on:
            self.original_due_on = self.due_on = add_months(self.received_on, 1)

    def clean(self):
        # G11, S40: the deadline runs from receipt; a date ahead would push it later.
        if self.received_at and self.received_at > timezone.now():
            raise ValidationError({"received_at": _("The time of receipt cannot be in the future.")})
        if self.on_behalf:
            errors = {}
            for field in ("subject_first_name", "subject_last_name", "mandate_kind"):
                if not getattr(self, field):
                    errors[field] = _("Name the person you are acting for and your mandate.")
            if errors:
                raise ValidationError(errors)
        if self.kind == self.Kind.CORRECTION and not self.details.strip():
            raise ValidationError({"details": _("Tell us which data is wrong and what it should be.")})

    @property
    def received_on(self):
        """The day the request was received, in the clinic's time zone."""
        return timezone.localtime(self.received_at).date()

    @property
    def requester_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def subject_name(self):
        """The person whose data the request concerns."""
        if self.on_behalf:
            return f"{self.subject_first_name} {self.subject_last_name}"
        return self.requester_name

    @property
    def is_closed(self):
        return self.state in self.CLOSED_STATES

    @property
    def is_prohibition(self):
        return self.kind in self.PROHIBITION_KINDS

    def days_left(self, on=None):
        return (self.due_on - (on or timezone.localdate())).days


class RequestEvent(models.Model):
    """One step on a request's timeline: who did what, when, from which state to which.

    What was done is stored as a code with its parameters (codes too: the
    verification method, the letter's kind), and put into words in the
    reader's language when shown, so a Finnish page never shows the English
    of a step recorded while a Swedish or English form was being answered.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted on the website")
        RECORDED_PAPER = "recorded_paper", _("recorded a request received by letter")
        EMAIL_CONFIRMED = "email_confirmed", _("e-mail address confirmed")
        EXPIRED = "expired", _("expired: the e-mail was not confirmed")
        IDENTITY_VERIFIED = "identity_verified", _("identity verified: %(method)s")
        WORK_STARTED = "work_started", _("work started")
        ANSWERED = "answered", _("answered")
        ERASURE_PROPOSED = "erasure_proposed", _("erasure sent for approval")
        REJECTION_PROPOSED = "rejection_proposed", _("rejection proposed: %(reason)s")
        ERASURE_APPROVED = "erasure_approved", _("erasure approved and carried out")
        REJECTION_APPROVED = "rejection_approved", _("rejection approved")
        RETURNED = "returned", _("returned without approval")
        DEADLINE_EXTENDED = "deadline_extended", _("deadline extended to %(due)s")
        LETTER_SENT = "letter_sent", _("letter sent: %(letter)s, %(how)s, %(day)s")
        FILED_ONLINE = (
            "filed_online",
            _("filed on the customer's own page after strong electronic identification"),
        )
        CUSTOMER_LINKED = "customer_linked", _("identification linked to the customer")
        DOCUMENT_ATTACHED = "document_attached", _("document attached: %(kind)s")
        DOCUMENT_REMOVED = "document_removed", _("document removed: %(kind)s")
        # A step recorded as text before steps were codes, and not recognised
        # when converted; shown as it was stored (params["text"]).
        OTHER = "other", _("other")

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    params = models.JSONField(_("details of the action"), default=dict, blank=True)
    from_state = models.CharField(
        _("from"), max_length=32, choices=DataSubjectRequest.State.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=32, choices=DataSubjectRequest.State.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.description}"

    @property
    def description(self):
        """What was done, in the active language."""
        if self.action == self.Action.OTHER:
            return self.params.get("text", "")
        template = self.Action(self.action).label if self.action in self.Action.values else self.action
        choices = {
            "method": DataSubjectRequest.VerificationMethod,
            "reason": DataSubjectRequest.RejectionReason,
            "letter": RequestLetter.Kind,
            "how": RequestLetter.Delivery,
            "kind": RequestAttachment.Kind,
        }
        values = {}
        for name, value in (self.params or {}).items():
            labels = choices.get(name)
            values[name] = labels(value).label if labels is not None and value in labels.values else value
        try:
            return str(template) % values if values or "%(" in str(template) else str(template)
        except (KeyError, TypeError, ValueError):
            return str(template)


class RequestLetter(models.Model):
    """A letter the clinic wrote for a request, stored as sent (S1, S35)."""

    class Kind(models.TextChoices):
        REQUEST_FORM = "request_form", _("request form to sign")
        ANSWER = "answer", _("answer")
        EXTENSION_NOTICE = "extension_notice", _("notice of extension")
        REJECTION = "rejection", _("rejection")

    class Delivery(models.TextChoices):
        # The letters hold personal data: never plain e-mail (S27).
        POST = "post", _("by post")
        IN_PERSON = "in_person", _("handed over in person")
        SECURE_EMAIL = "secure_email", _("by secure e-mail")
        # Issue 12, D6: the requester downloaded it from their own page after identification.
        OWN_PAGE = "own_page", _("downloaded from the customer's own page")

    class Status(models.TextChoices):
        # Issue 14: the letter is made by a background job (privacy.jobs.make_letter).
        PREPARING = "preparing", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("could not be made")

    # The letters that go to the requester and so are marked as sent (G11, S35).
    SENT_KINDS = (Kind.ANSWER, Kind.REJECTION, Kind.EXTENSION_NOTICE)
    # The letters that answer the request.
    ANSWER_KINDS = (Kind.ANSWER, Kind.REJECTION)

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="letters", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.READY)
    # When its job was last enqueued: a letter prepared much longer than a job takes lost its worker.
    prepared_at = models.DateTimeField(_("prepared since"), null=True, blank=True)
    # What the job needs to write the letter: its template and the caller's context (JSON).
    template = models.CharField(_("template"), max_length=100, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    html = models.TextField(_("letter (HTML)"), blank=True)
    pdf = models.BinaryField(_("letter (PDF)"), blank=True, default=b"")
    # The machine-readable copy of an access report (S35).
    data_export = models.JSONField(_("machine-readable copy"), null=True, blank=True)

    # G11, S35, S40: when and how the letter left the clinic, set by
    # ``privacy.services.mark_letter_sent``; writing it is not sending it.
    sent_on = models.DateField(_("sent"), null=True, blank=True)
    sent_how = models.CharField(_("sent how"), max_length=16, choices=Delivery.choices, blank=True)
    # The moment of a download from the customer's own page (staff mark a posted letter by the day only).
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at", "id"]
        constraints = [
            # A letter is either sent, with the day and the way, or not sent at all.
            models.CheckConstraint(
                condition=(models.Q(sent_on__isnull=True) & models.Q(sent_how=""))
                | (models.Q(sent_on__isnull=False) & ~models.Q(sent_how="")),
                name="letter_sent_day_and_way_together",
            )
        ]
        indexes = [
            # The work queue's "answers not yet sent": only unsent letters are indexed (G11).
            models.Index(
                fields=["created_at"], condition=models.Q(sent_on__isnull=True), name="letter_unsent_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_sent(self):
        return self.sent_on is not None

    @classmethod
    def awaiting_sending(cls):
        """Answers and rejections of handled requests that staff still have to send (G11, S35, S40).

        An answer waiting on the customer's own page is sent by the
        customer's download (issue 12), not by staff, so it is not among them.
        """
        return cls.objects.filter(
            sent_on__isnull=True,
            kind__in=cls.ANSWER_KINDS,
            request__state__in=[DataSubjectRequest.State.COMPLETED, DataSubjectRequest.State.REJECTED],
            request__answer_delivery=DataSubjectRequest.AnswerDelivery.POST,
        )

    # A letter job takes seconds; one "being prepared" this long lost its worker (issue 14 item 4).
    STALLED_AFTER = timedelta(minutes=15)

    @property
    def is_stalled(self):
        return (
            self.status == self.Status.PREPARING
            and self.prepared_at is not None
            and timezone.now() - self.prepared_at > self.STALLED_AFTER
        )

    @property
    def can_be_retried(self):
        """Its job failed, or its worker was killed (the job stays "running" and is never run again)."""
        return self.status == self.Status.FAILED or self.is_stalled

    @property
    def is_ready(self):
        return self.status == self.Status.READY

    @property
    def can_be_marked_sent(self):
        return self.kind in self.SENT_KINDS and not self.is_sent and self.is_ready

    @property
    def filename(self):
        """“kanalinhelmi-vastaus-5-2.pdf”: the kind in the letter's language, the request and letter numbers."""
        from django.utils import translation
        from django.utils.text import slugify

        with translation.override(self.language or "fi"):
            kind = slugify(str(self.get_kind_display()))
        return f"kanalinhelmi-{kind}-{self.request_id}-{self.pk}.pdf"


class LegalHold(models.Model):
    """Data kept after an erasure because a law obliges us to keep it (S19).

    Says what was kept, on what legal ground and until when; the retention
    job may delete the item after ``keep_until``.
    """

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="legal_holds", verbose_name=_("request")
    )
    item = models.CharField(_("item"), max_length=300)
    legal_ground = models.CharField(_("legal ground"), max_length=300)
    keep_until = models.DateField(_("kept until"))

    class Meta:
        verbose_name = _("kept item")
        verbose_name_plural = _("kept items")
        ordering = ["keep_until", "id"]

    def __str__(self):
        return self.item


class RequestAttachment(models.Model):
    """A scanned document that came with a request: the customer's signed letter (S34) or a
    representative's mandate (S14).

    The bytes are kept in the database, never in a file under the web root,
    so that every app server sees the same file and only the admin's
    permission-checked view can hand it out. A copy of an identity document
    is not stored: staff look at it and record how the identity was verified.
    """

    class Kind(models.TextChoices):
        SIGNED_LETTER = "signed_letter", _("signed request letter")
        MANDATE = "mandate", _("representative's mandate document")

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("file type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name}"
