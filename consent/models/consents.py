from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from consent.models.translated import Publishable, Translated
from registry.models.customers import ProcessingStoppedRule


class ConsentPurpose(models.Model):
    """Something the register does only with the customer's consent."""

    class Key(models.TextChoices):
        # S8, S4, S6, S10 in this order.
        JOINT_REGISTER = "joint_register", _("joint register of the clinic's practitioners")
        MARKETING = "marketing", _("electronic marketing communication")
        RESEARCH = "research", _("use of data for research")
        ADDITIONAL_DATA = "additional_data", _("additional information collected with consent")

    key = models.CharField(_("purpose"), max_length=32, choices=Key.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("consent purpose")
        verbose_name_plural = _("consent purposes")
        ordering = ["position", "key"]

    def __str__(self):
        return str(self.get_key_display())

    def current_text(self):
        """The latest published text: what a new consent is given to."""
        return self.texts.published().order_by("-version").first()


class ConsentText(Translated, Publishable):
    """One version of what the customer is asked to consent to, in three languages."""

    purpose = models.ForeignKey(
        ConsentPurpose, on_delete=models.PROTECT, related_name="texts", verbose_name=_("purpose")
    )
    version = models.PositiveIntegerField(_("version"))
    text_fi = models.TextField(_("text in Finnish"))
    text_sv = models.TextField(_("text in Swedish"))
    text_en = models.TextField(_("text in English"))

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose__position", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_version_unique")
        ]

    def __str__(self):
        return _("%(purpose)s, version %(version)s") % {"purpose": self.purpose, "version": self.version}


class ConsentRecordQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-recorded_at", "-pk")

    def current(self):
        """Records that decide the present state: the latest one per customer and purpose."""
        later = ConsentRecord.objects.filter(
            customer=OuterRef("customer"), purpose=OuterRef("purpose")
        ).filter(
            models.Q(recorded_at__gt=OuterRef("recorded_at"))
            | models.Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk"))
        )
        return self.exclude(Exists(later))

    def in_force(self):
        """Consents given and not withdrawn since (derived from the records, never stored)."""
        return self.current().filter(action=ConsentRecord.Action.GRANT)


def consent_in_force(purpose_key, customer=None, at=None):
    """A boolean expression: the customer's latest record for the purpose is a grant.

    ``customer`` defaults to ``OuterRef("pk")`` so the expression filters
    ``Customer`` rows: ``Customer.objects.filter(consent_in_force("research"))``.
    With ``at`` (an ``OuterRef`` to a time of the outer row) it asks whether
    the consent was in force then: the latest record made by that time.
    """
    latest = ConsentRecord.objects.filter(customer=OuterRef("customer"), purpose=OuterRef("purpose"))
    records = ConsentRecord.objects.filter(
        customer=customer if customer is not None else OuterRef("pk"),
        purpose__key=purpose_key,
        action=ConsentRecord.Action.GRANT,
    )
    if at is not None:
        latest = latest.filter(recorded_at__lte=OuterRef(at))
        records = records.filter(recorded_at__lte=at)
    latest = latest.order_by("-recorded_at", "-pk").values("pk")[:1]
    return Exists(records.filter(pk=Subquery(latest)))


class ConsentRecord(ProcessingStoppedRule, models.Model):
    """One grant or withdrawal of consent, with its evidence. Append-only.

    The history of a customer's consents is the list of these records; the
    present state is derived from it (the latest record per purpose), so a
    withdrawal takes effect the moment it is recorded (GDPR Art. 7(3)).
    """

    class Action(models.TextChoices):
        GRANT = "grant", _("consent given")
        WITHDRAW = "withdraw", _("consent withdrawn")

    class Channel(models.TextChoices):
        WEB = "web", _("on the website")
        PAPER = "paper", _("signed form on paper")
        IN_PERSON = "in_person", _("in person at the clinic")
        PHONE = "phone", _("by phone to staff")

    STAFF_CHANNELS = (Channel.PAPER, Channel.IN_PERSON, Channel.PHONE)

    customer = models.ForeignKey(
        "registry.Customer",
        on_delete=models.CASCADE,
        related_name="consent_records",
        verbose_name=_("customer"),
    )
    purpose = models.ForeignKey(
        ConsentPurpose, on_delete=models.PROTECT, related_name="records", verbose_name=_("purpose")
    )
    text = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("text version"),
        help_text=_("The published text the customer was shown."),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    recorded_at = models.DateTimeField(_("time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    notice = models.ForeignKey(
        "consent.PrivacyNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("privacy notice in force"),
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("For example where the signed form is kept.")
    )

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["customer", "purpose", "recorded_at"], name="consent_record_latest_idx"),
            models.Index(fields=["purpose", "action"], name="consent_record_purpose_idx"),
            # The consent list's order: a page is read from the index instead of sorting every record.
            models.Index(fields=["-recorded_at", "-id"], name="consent_record_list_idx"),
        ]

    def __str__(self):
        return f"{self.customer} – {self.purpose}: {self.get_action_display()} {self.recorded_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # Append-only: a mistake is corrected by a new record, never by editing.
        if not self._state.adding:
            raise ValidationError(_("Consent records cannot be changed; record a new grant or withdrawal."))
        super().save(*args, **kwargs)

    def processing_refusal(self, since):
        # S38, D4: a customer who stopped processing can still withdraw a consent
        # (GDPR Art. 7(3)), but no new consent is recorded.
        if self.action == self.Action.WITHDRAW:
            return None
        return _(
            "The customer has prohibited or restricted the processing of their data (S38), so no new "
            "consent is recorded. A consent can still be withdrawn."
        )

    def clean(self):
        errors = {}
        if self.text_id and self.purpose_id and self.text.purpose_id != self.purpose_id:
            errors["text"] = _("Choose a text of the same purpose.")
        if self.text_id and not self.text.is_published:
            errors["text"] = _("Only a published text can be consented to.")
        if self.recorded_at and self.recorded_at > timezone.now() + timedelta(minutes=5):
            errors["recorded_at"] = _("The time of a consent cannot be in the future.")
        if self.channel == self.Channel.WEB and not (self.ip_address or self.user_agent):
            errors["channel"] = _(
                "A consent given on the website needs its IP address and browser as evidence."
            )
        if self.recorded_at and self.customer_id and self.purpose_id and self._state.adding:
            # The latest record decides the state: one dated before it would never take effect.
            latest = (
                ConsentRecord.objects.filter(customer_id=self.customer_id, purpose_id=self.purpose_id)
                .latest_first()
                .values_list("recorded_at", flat=True)
                .first()
            )
            if latest is not None and self.recorded_at < latest:
                errors["recorded_at"] = _(
                    "The time cannot be earlier than the customer's latest record for this purpose "
                    "(%(time)s)."
                ) % {"time": formats.date_format(timezone.localtime(latest), "SHORT_DATETIME_FORMAT")}
        if self.channel in self.STAFF_CHANNELS and not self.recorded_by_id:
            errors["recorded_by"] = _("A consent received by staff needs the staff member who recorded it.")
        if errors:
            raise ValidationError(errors)

    @property
    def evidence(self):
        if self.recorded_by_id:
            return _("recorded by %(user)s") % {
                "user": self.recorded_by.get_full_name() or self.recorded_by.get_username()
            }
        return ", ".join(value for value in (self.ip_address, self.user_agent) if value)
