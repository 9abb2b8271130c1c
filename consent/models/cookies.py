import uuid

from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from consent.models.translated import Publishable, Translated


class CookieCategory(Translated, models.Model):
    """Necessary (always on, S26), analytics and marketing (only with consent, S25)."""

    class Key(models.TextChoices):
        NECESSARY = "necessary", _("necessary")
        ANALYTICS = "analytics", _("analytics")
        MARKETING = "marketing", _("marketing")

    OPTIONAL = (Key.ANALYTICS, Key.MARKETING)

    key = models.CharField(_("category"), max_length=16, choices=Key.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description_fi = models.TextField(_("description in Finnish"))
    description_sv = models.TextField(_("description in Swedish"))
    description_en = models.TextField(_("description in English"))

    class Meta:
        verbose_name = _("cookie category")
        verbose_name_plural = _("cookie categories")
        ordering = ["position"]

    def __str__(self):
        return str(self.get_key_display())

    @property
    def is_necessary(self):
        return self.key == self.Key.NECESSARY


class CookieService(Translated, models.Model):
    """A service that sets cookies or is loaded from a third party (S23)."""

    category = models.ForeignKey(
        CookieCategory, on_delete=models.PROTECT, related_name="services", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    provider = models.CharField(_("provider"), max_length=200)
    purpose_fi = models.TextField(_("purpose in Finnish"))
    purpose_sv = models.TextField(_("purpose in Swedish"))
    purpose_en = models.TextField(_("purpose in English"))
    privacy_policy_url = models.URLField(_("provider's privacy policy"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("cookie service")
        verbose_name_plural = _("cookie services")
        ordering = ["category__position", "position", "name"]

    def __str__(self):
        return self.name


class Cookie(Translated, models.Model):
    """One cookie a service stores on the visitor's device (S22), listed in the cookie table."""

    service = models.ForeignKey(
        CookieService, on_delete=models.CASCADE, related_name="cookies", verbose_name=_("service")
    )
    name = models.CharField(_("name"), max_length=100)
    purpose_fi = models.CharField(_("purpose in Finnish"), max_length=300)
    purpose_sv = models.CharField(_("purpose in Swedish"), max_length=300)
    purpose_en = models.CharField(_("purpose in English"), max_length=300)
    duration_fi = models.CharField(_("duration in Finnish"), max_length=100)
    duration_sv = models.CharField(_("duration in Swedish"), max_length=100)
    duration_en = models.CharField(_("duration in English"), max_length=100)

    class Meta:
        verbose_name = _("cookie")
        verbose_name_plural = _("cookies")
        ordering = ["service__category__position", "service__position", "name"]
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="cookie_name_unique")]

    def __str__(self):
        return self.name


class CookiePolicy(Translated, Publishable):
    """A version of the cookie policy. Publishing a new version asks every visitor again."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    changes_fi = models.TextField(_("what changed, in Finnish"), blank=True)
    changes_sv = models.TextField(_("what changed, in Swedish"), blank=True)
    changes_en = models.TextField(_("what changed, in English"), blank=True)

    class Meta:
        verbose_name = _("cookie policy version")
        verbose_name_plural = _("cookie policy versions")
        ordering = ["-version"]

    def __str__(self):
        return _("cookie policy, version %(version)s") % {"version": self.version}

    CURRENT_CACHE_KEY = "consent:current-cookie-policy"

    @classmethod
    def current(cls):
        """The version in force. Every public page asks for it, so it is kept in
        the shared cache for a minute and dropped whenever a version is saved."""
        policy = cache.get(cls.CURRENT_CACHE_KEY)
        if policy is None:
            policy = cls.objects.published().order_by("-version").first() or False
            cache.set(cls.CURRENT_CACHE_KEY, policy, 60)
        return policy or None

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CURRENT_CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(self.CURRENT_CACHE_KEY))


class CookieChoice(models.Model):
    """The log of visitors' cookie choices, so that consent can be shown (S25).

    Identified only by the random consent id also kept in the visitor's
    cookie; no IP address or other identifier is stored.
    """

    class Method(models.TextChoices):
        ACCEPT_ALL = "accept_all", _("accepted all")
        REJECT_ALL = "reject_all", _("rejected all")
        CHOOSE = "choose", _("chose categories")

    consent_id = models.UUIDField(_("consent id"), default=uuid.uuid4, db_index=True)
    policy = models.ForeignKey(
        CookiePolicy, on_delete=models.PROTECT, related_name="choices", verbose_name=_("policy version")
    )
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    analytics = models.BooleanField(_("analytics accepted"))
    marketing = models.BooleanField(_("marketing accepted"))
    chosen_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("cookie choice")
        verbose_name_plural = _("cookie choices")
        ordering = ["-chosen_at", "-pk"]

    def __str__(self):
        return f"{self.consent_id} {self.chosen_at:%Y-%m-%d %H:%M}"

    @property
    def categories(self):
        accepted = [CookieCategory.Key.NECESSARY]
        if self.analytics:
            accepted.append(CookieCategory.Key.ANALYTICS)
        if self.marketing:
            accepted.append(CookieCategory.Key.MARKETING)
        return accepted
