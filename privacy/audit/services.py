"""Writing the views of many customers at once into the audit trail (S39; issue 17 item 4)."""

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from privacy.audit.models import CustomerShown

# Stored with the entry as the kind of page that showed the customers.
VIEWS = {
    "list": _("seen in a list"),
    "search": _("seen in search results"),
    "history": _("seen on a history page"),
    "autocomplete": _("seen in a customer search field"),
    "action": _("chosen for an action (such as e-mailing a consent link)"),
}
VIEW_KEY = "view"


def log_customers_shown(*, request, model, customer_ids, view):
    """One access entry for a page that showed ``customer_ids``, and a link to each customer.

    ``model`` is the model whose rows the page listed; ``view`` a key of
    ``VIEWS``. Nothing is written for a page that showed no customer. The
    entry holds no name and no search term (a name typed into the search
    would stay in the trail after the person is erased), only the kind of
    page and how many customers it showed. Costs one entry and one bulk
    insert. Returns the entry, or None.
    """
    customer_ids = sorted({int(pk) for pk in customer_ids if pk is not None})
    if not customer_ids:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        label = f"{model._meta.verbose_name_plural}: {len(customer_ids)}"
    user = getattr(request, "user", None)
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=label,
        action=LogEntry.Action.ACCESS,
        actor=user if user is not None and user.is_authenticated else None,
        additional_data={VIEW_KEY: view},
    )
    CustomerShown.objects.bulk_create(
        [CustomerShown(log_entry=entry, customer_id=customer_id) for customer_id in customer_ids]
    )
    return entry
