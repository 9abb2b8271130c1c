import operator
from functools import reduce

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_ipv46_address
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Upper
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from registry.fields import PhoneNumberField, format_phone
from registry.models.sources import DataSource, SourcedRecord, source_detail_field, source_field


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


def name_order(vendor):
    """Search results' order: surname, then first name, upper-cased, then id.

    On PostgreSQL the names compare byte by byte (collation "C"), which is
    the order the name index of migration 0005 keeps whatever the
    database's own collation, and which puts Ä, Å and Ö after Z as Finnish
    and Swedish readers expect (Ä before Å, though).
    """
    if vendor == "postgresql":
        return [Collate(Upper("last_name"), "C"), Collate(Upper("first_name"), "C"), "id"]
    return [Upper("last_name"), Upper("first_name"), "id"]


def processing_stopped(prefix="", at=None):
    """A condition: the customer has prohibited or restricted the processing of their data (S38).

    ``prefix`` reaches the customer from another model (``"customer__"``).
    With ``at``, whether the prohibition or restriction had been recorded by
    then (the register keeps only the time it began).
    """
    if at is None:
        return Q(**{f"{prefix}processing_prohibited_at__isnull": False}) | Q(
            **{f"{prefix}processing_restricted_at__isnull": False}
        )
    return Q(**{f"{prefix}processing_prohibited_at__lte": at}) | Q(
        **{f"{prefix}processing_restricted_at__lte": at}
    )


PROCESSING_STOPPED = _(
    "The customer has prohibited or restricted the processing of their data (S38), so this cannot be "
    "recorded. Only what the law requires is allowed: see the customer's request."
)


class ProcessingStoppedRule:
    """S38, D4: what may still be recorded about a customer who prohibited or restricted processing.

    GDPR Art. 18(2): such data is only stored, or processed for legal claims
    or with consent. Each model that points to a customer says in
    ``processing_refusal(since)`` what it refuses once processing stopped
    (``since`` is when), or None; the decision per model is in
    docs/statements.md. It holds on every path: a form (``full_clean``, as
    an error on the form) and any code that saves (``save``, a
    ``ValidationError``). Deleting is never refused: it only lessens
    processing, and erasure and retention need it. The customer's flags are
    read afresh from the database, not from a customer loaded earlier.
    """

    def processing_refusal(self, since):
        raise NotImplementedError

    def _processing_refusal(self):
        if not self.customer_id:
            return None
        flags = (
            Customer.objects.filter(pk=self.customer_id)
            .values_list("processing_prohibited_at", "processing_restricted_at")
            .first()
        )
        stopped = [at for at in flags or () if at is not None]
        return self.processing_refusal(min(stopped)) if stopped else None

    def full_clean(self, *args, **kwargs):
        errors = {}
        try:
            super().full_clean(*args, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        refusal = self._processing_refusal()
        if refusal:
            errors.setdefault(NON_FIELD_ERRORS, []).append(refusal)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        refusal = self._processing_refusal()
        if refusal:
            raise ValidationError(refusal, code="processing_stopped")
        super().save(*args, **kwargs)


def visible_customer_ids(user):
    """The ids of the customers ``user`` may see, as a subquery; None if they see the whole register.

    ``CustomerQuerySet.visible_to`` explains who sees whom. The rows of
    customers (consents, invoices) are filtered by these ids directly:
    through the customer table, PostgreSQL checked each of a practitioner's
    customers there before it could look for their rows (bench/README.md).
    """
    if user.has_perm("registry.view_all_customers"):
        return None
    from registry.models.care import CareRelationship

    visible = (
        CareRelationship.objects.ongoing().filter(practitioner__user=user).order_by().values("customer_id")
    )
    joint_register_members = getattr(settings, "JOINT_REGISTER_MEMBERS", None)
    if joint_register_members:
        visible = visible.union(import_string(joint_register_members)(), all=True)
    return visible


class SearchMatches:
    """A customer search's matches (``CustomerQuerySet.search_matches``): counted, and paged in name order."""

    def __init__(self, union):
        # Django's own SQL for the union, its values kept apart as parameters:
        # the statements below only wrap it.
        self.db = union.db
        self.sql, self.params = union.query.get_compiler(using=self.db).as_sql()

    def count(self, cap):
        """How many customers match, up to ``cap + 1``."""
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT DISTINCT matches.pk FROM ({self.sql}) matches LIMIT %s) capped",  # noqa: S608
                (*self.params, cap + 1),
            )
            return cursor.fetchone()[0]

    def page_ids(self, offset, limit):
        """The ids of one page of matches in ``name_order()``, as a subquery."""
        # The keys keep the "C" collation of the name indexes they come from.
        sql = (
            "SELECT page.pk FROM (SELECT DISTINCT matches.pk, matches.surname_key, matches.first_name_key"  # noqa: S608
            f" FROM ({self.sql}) matches"
            " ORDER BY matches.surname_key, matches.first_name_key, matches.pk LIMIT %s OFFSET %s) page"
        )
        return RawSQL(sql, (*self.params, limit, offset))  # noqa: S611 (values as parameters)


class CustomerQuerySet(models.QuerySet):
    # The back-office shows this many search results in name order and asks
    # for a narrower search beyond them.
    SEARCH_MATCH_LIMIT = 1000

    def visible_to(self, user):
        """Customers this staff member may see (S7, S8, S29).

        Customer service, billing and the responsible person see the whole
        register. An independent practitioner sees their own customers (an
        ongoing care relationship) and the customers who have consented to
        the joint register; the joint register's members are supplied by the
        consent app through the ``JOINT_REGISTER_MEMBERS`` setting. Both are
        lists of customer ids, so the database looks up those customers
        instead of testing each of a million.
        """
        visible = visible_customer_ids(user)
        if visible is None:
            return self
        return self.filter(pk__in=visible)

    def search(self, text):
        """Name, e-mail, phone or company; a phone is matched in its stored E.164 form.

        Each way of matching is its own query, sorted in ``name_order()`` and
        cut at ``SEARCH_MATCH_LIMIT + 1`` rows, and the customers are those in
        any of them. On PostgreSQL the name index (migration 0005) hands a
        surname query its first matches in order, so a surname that a
        fortieth of the register shares costs no more than a rare one. The
        first ``SEARCH_MATCH_LIMIT`` results in name order are exact; beyond
        them the back-office asks for a narrower search.
        """
        text = text.strip()
        if not text:
            return self
        return self.filter(pk__in=self.search_ids(text))

    def search_ids(self, text):
        """The ids ``search(text)`` finds, as a subquery, for lists of customers' rows to filter by.

        Without the customer table around them: invoices and consents of the
        matching customers are looked up by these ids directly (bench/README.md).
        """
        ways = self._search_ways(text)
        connection = connections[self.db]
        if not connection.features.supports_slicing_ordering_in_compound:
            # SQLite, the quick start's database: one scan over a small register.
            return self.filter(reduce(operator.or_, ways)).order_by().values("pk")
        return self._ways_in_name_order(ways)

    def _ways_in_name_order(self, ways, **keys):
        """Each way's first ``SEARCH_MATCH_LIMIT + 1`` matches in ``name_order()``, ids and ``keys``, in one union."""
        order = name_order(connections[self.db].vendor)
        first, *rest = [
            self.filter(way)
            .order_by(*order)
            .annotate(**keys)
            .values("pk", *keys)[: self.SEARCH_MATCH_LIMIT + 1]
            for way in ways
        ]
        return first.union(*rest, all=True)

    def _search_ways(self, text):
        text = text.strip()
        ways = [
            Q(last_name__istartswith=text),
            Q(first_name__istartswith=text),
            Q(email__istartswith=text),
            Q(company_name__istartswith=text),
        ]
        try:
            phone = PhoneNumberField().to_python(text)
        except ValidationError:
            phone = None
        if phone:
            ways.append(Q(phone=phone))
        parts = text.split()
        if len(parts) == 2:
            ways.append(Q(first_name__istartswith=parts[0], last_name__istartswith=parts[1]))
            ways.append(Q(last_name__istartswith=parts[0], first_name__istartswith=parts[1]))
        return ways

    def search_matches(self, text):
        """PostgreSQL: the customers ``search(text)`` finds, to count and page over the name indexes alone.

        Each way's rows carry the upper-cased names the indexes keep, so the
        matches can be counted and a page of them cut in name order without
        reading each match's row: for a common name that was a thousand
        lookups in the customer table per count and per page (bench/README.md).
        """
        keys = {
            "surname_key": Collate(Upper("last_name"), "C"),
            "first_name_key": Collate(Upper("first_name"), "C"),
        }
        return SearchMatches(self._ways_in_name_order(self._search_ways(text), **keys))

    def processing_allowed(self):
        """S38: customers who have prohibited or restricted processing are left out."""
        return self.exclude(processing_stopped())


class Customer(SourcedRecord):
    """A person in the customer register, with the data they gave (S9, S10)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    company_website = models.URLField(_("company website"), blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    classifications = models.TextField(
        _("self-given classifications"),
        blank=True,
        help_text=_("Classifications the customer has given about themself (S10)."),
    )
    consented_information = models.TextField(
        _("other information collected with consent"),
        blank=True,
        help_text=_("Only information the customer has consented to (S10)."),
    )

    # S37, S38: set by the request services, enforced by the code that
    # discloses, markets or analyses; the time says since when.
    disclosure_prohibited_at = models.DateTimeField(_("disclosure prohibited"), null=True, blank=True)
    processing_prohibited_at = models.DateTimeField(_("processing prohibited"), null=True, blank=True)
    direct_marketing_prohibited_at = models.DateTimeField(
        _("direct marketing prohibited"), null=True, blank=True
    )
    processing_restricted_at = models.DateTimeField(_("processing restricted"), null=True, blank=True)

    # Optimistic locking: a change made from a stale form is refused, not
    # silently written over someone else's (CustomerAdmin's form checks it).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["last_name", "first_name", "id"]
        permissions = [
            ("view_all_customers", _("Can see every customer in the register")),
            # S38: who handles the customer's request may still change the record.
            (
                "change_restricted_customer",
                _("Can change a customer who has prohibited or restricted processing"),
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="customer_name_idx"),
            models.Index(fields=["email"], name="customer_email_idx"),
            models.Index(fields=["phone"], name="customer_phone_idx"),
            models.Index(fields=["company_name"], name="customer_company_idx"),
        ]

    def __str__(self):
        return f"{self.last_name} {self.first_name}"

    @property
    def identifying_label(self):
        """Name, customer number, e-mail and phone: two customers of the same name told apart when picked (S34)."""
        parts = [str(self), _("no. %(number)s") % {"number": self.pk}, self.email, format_phone(self.phone)]
        return " · ".join(str(part) for part in parts if part)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def disclosure_prohibited(self):
        return self.disclosure_prohibited_at is not None

    @property
    def processing_prohibited(self):
        return self.processing_prohibited_at is not None

    @property
    def direct_marketing_prohibited(self):
        return self.direct_marketing_prohibited_at is not None

    @property
    def processing_restricted(self):
        return self.processing_restricted_at is not None

    @property
    def is_restricted(self):
        """Any prohibition or restriction that staff must notice before acting."""
        return any(
            (
                self.disclosure_prohibited,
                self.processing_prohibited,
                self.direct_marketing_prohibited,
                self.processing_restricted,
            )
        )

    def restriction_labels(self):
        flags = [
            (self.disclosure_prohibited_at, _("disclosure prohibited")),
            (self.processing_prohibited_at, _("processing prohibited")),
            (self.direct_marketing_prohibited_at, _("direct marketing prohibited")),
            (self.processing_restricted_at, _("processing restricted")),
        ]
        return [label for since, label in flags if since]


class Representative(ProcessingStoppedRule, SourcedRecord):
    """A minor's guardian or a legal representative acting for the customer (S14)."""

    class Kind(models.TextChoices):
        GUARDIAN = "guardian", _("guardian of a minor")
        LEGAL_REPRESENTATIVE = "legal_representative", _("legal representative (edunvalvoja)")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    mandate = models.CharField(
        _("mandate"),
        max_length=300,
        help_text=_("What the right to act rests on, e.g. custody or a guardianship decision."),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self):
        return f"{self.last_name} {self.first_name} ({self.get_kind_display()})"

    def processing_refusal(self, since):
        # S38, D4: nothing new is collected; an existing row may be corrected by
        # the responsible person who handles the request (Art. 16), or removed.
        return PROCESSING_STOPPED if self._state.adding else None


class Identifier(ProcessingStoppedRule, SourcedRecord):
    """An IP address or other identifier linked to the customer (S10, S12)."""

    class Kind(models.TextChoices):
        IP_ADDRESS = "ip_address", _("IP address")
        DEVICE = "device", _("device identifier")
        OTHER = "other", _("other identifier")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="identifiers", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=200)
    seen_in = models.CharField(
        _("where seen"), max_length=200, blank=True, help_text=_("For example: extranet login.")
    )
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        ordering = ["-last_seen_at", "id"]
        indexes = [models.Index(fields=["last_seen_at"], name="identifier_last_seen_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def processing_refusal(self, since):
        # S38, D4: nothing new is collected; an existing row may be corrected by
        # the responsible person who handles the request (Art. 16), or removed.
        return PROCESSING_STOPPED if self._state.adding else None

    def clean(self):
        if self.kind == self.Kind.IP_ADDRESS and self.value:
            try:
                validate_ipv46_address(self.value)
            except ValidationError:
                raise ValidationError({"value": _("Enter a valid IPv4 or IPv6 address.")}) from None
        if self.first_seen_at and self.last_seen_at and self.last_seen_at < self.first_seen_at:
            raise ValidationError({"last_seen_at": _("Last seen cannot be earlier than first seen.")})


class ExtranetAccount(ProcessingStoppedRule, models.Model):
    """The customer's extranet login (S12).

    The password is only ever stored as a Django password hash (Argon2);
    nothing shows it, and the audit trail leaves it out.
    """

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="extranet_account", verbose_name=_("customer")
    )
    username = models.CharField(_("username"), max_length=150, unique=True)
    password = models.CharField(_("password"), max_length=128, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)
    # S15: the customer opens their account on the website.
    source = source_field(DataSource.WEBSITE)
    source_detail = source_detail_field()

    class Meta:
        verbose_name = _("extranet account")
        verbose_name_plural = _("extranet accounts")

    def __str__(self):
        return self.username

    def processing_refusal(self, since):
        # S38, D4: nothing new is collected; an existing row may be corrected by
        # the responsible person who handles the request (Art. 16), or removed.
        return PROCESSING_STOPPED if self._state.adding else None

    def set_password(self, raw_password):
        self.password = make_password(raw_password)

    def check_password(self, raw_password):
        def upgrade(raw):
            self.set_password(raw)
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, upgrade)

    @property
    def has_usable_password(self):
        return bool(self.password) and not self.password.startswith("!")


class Feedback(ProcessingStoppedRule, SourcedRecord):
    """Customer feedback (S10)."""

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        EMAIL = "email", _("e-mail")
        PHONE = "phone", _("phone")
        IN_PERSON = "in_person", _("in person")
        PAPER = "paper", _("letter")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("customer")
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    text = models.TextField(_("feedback"))

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "id"]

    def __str__(self):
        return f"{self.customer} {self.received_at:%Y-%m-%d}"

    def processing_refusal(self, since):
        # S38, D4: nothing new is collected; an existing row may be corrected by
        # the responsible person who handles the request (Art. 16), or removed.
        return PROCESSING_STOPPED if self._state.adding else None


class ElectronicIdentity(models.Model):
    """A customer's strong electronic identification, confirmed once by staff (issue 12, S9, S12, S34).

    The register never stores the personal identity code (S9): only its
    keyed hash (``identification.session.person_key``, an HMAC under a key
    held outside the database), which the same person's next identification
    gives again. Staff confirm the link the first time, when they handle the
    person's first request made after strong identification; the ground is
    the Data Protection Act (1050/2018) section 29, processing the identity
    code for unambiguous identification. From then on the person sees their
    own data on their own page without staff.
    """

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="electronic_identity", verbose_name=_("customer")
    )
    person_key = models.CharField(
        _("identification key"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("A keyed hash of the personal identity code; the code itself is not stored."),
    )
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    linked_for_request = models.PositiveBigIntegerField(
        _("confirmed while handling the request"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("strong electronic identification")
        verbose_name_plural = _("strong electronic identifications")

    def __str__(self):
        return str(
            _("strong electronic identification of customer %(number)s") % {"number": self.customer_id}
        )
