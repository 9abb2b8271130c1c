from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Translated:
    """Texts kept as data in Finnish, Swedish and English (``<field>_fi`` …).

    ``obj.translated("text")`` gives the text in the active language and falls
    back to Finnish, the register's default language, when it is empty.
    """

    def __getattr__(self, name):
        # Templates cannot pass arguments: {{ obj.translated_text }} is obj.translated("text").
        if name.startswith("translated_"):
            return self.translated(name.removeprefix("translated_"))
        raise AttributeError(name)

    def translated(self, field):
        language = (get_language() or "fi")[:2]
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_fi")


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class Publishable(models.Model):
    """A text that is drafted, then published; once published it never changes.

    What a customer consented to, or what the notice said on a given day,
    must be provable later, so a change is a new version. Enforced here (for
    every caller) and in the admin (read-only once published).
    """

    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.was_published():
            raise ValidationError(_("A published version cannot be changed. Create a new version instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.was_published():
            raise ValidationError(_("A published version cannot be deleted; it is kept as evidence."))
        return super().delete(*args, **kwargs)

    @property
    def is_published(self):
        return self.published_at is not None

    def was_published(self):
        if self.pk is None:
            return False
        return type(self).objects.filter(pk=self.pk, published_at__isnull=False).exists()

    def publish(self):
        if self.is_published:
            raise ValidationError(_("This version has already been published."))
        self.published_at = timezone.now()
        self.save()
