"""The register's data map: every model and field that holds personal data (GDPR Art. 30; issue 17).

Each app declares its own part in ``<app>/data_map.py``, as it declares its
roles in ``roles.py`` and its access-report and erasure parts in settings:

- ``DATA_MAP``: a ``PersonalData`` for every model of the app that holds
  personal data, naming the fields that do, the section of the access
  report that shows them (S33), what erasure does to them (S19), the
  retention rule that removes them (S19–S21), and whether the audit trail
  follows them and which views of them are logged (S39);
- ``NOT_PERSONAL``: every other model of the app, with the reason it holds
  no personal data.

The project (``kanalinhelmi/data_map.py``) declares the models of Django and
of the libraries it uses (staff accounts, sessions, login attempts, the
audit trail itself). Generic tests (``tests/kanalinhelmi/test_data_map.py``)
walk this list against every model Django knows: a model or field missing
from it, a listed field absent from the access report, left behind by
erasure or retention, or not in the audit trail fails the build. The list is
shown in ``docs/data-map.md`` (``manage.py data_map``) and on a printable
back-office page for the responsible person.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class Erasure(models.TextChoices):
    """What erasure (S19) does to the data."""

    REMOVE = "remove", _("removed")
    LEGAL_HOLD = "legal_hold", _("kept under a legal hold, then removed")
    ANONYMISE = "anonymise", _("anonymised: the values are blanked, the fact stays")
    NOT_CUSTOMER = "not_customer", _("not a customer's data: the customer's erasure leaves it")


class Retention(models.TextChoices):
    """What removes the data when it is no longer needed (S19–S21): a retention rule or another row's end."""

    IDENTIFIERS = "identifiers", _("rule: IP addresses and other identifiers")
    ENDED_RELATIONSHIPS = "ended_relationships", _("rule: customers whose relationship has ended")
    UNCONFIRMED_REQUESTS = "unconfirmed_requests", _("rule: unconfirmed data-subject requests")
    HANDLED_REQUESTS = "handled_requests", _("rule: handled data-subject requests")
    COOKIE_CHOICES = "cookie_choices", _("rule: cookie consent log")
    BILLING_VOUCHERS = "billing_vouchers", _("rule: billing vouchers (invoices and orders)")
    AUDIT_ENTRIES = "audit_entries", _("rule: audit trail entries")
    WITH_CUSTOMER = "with_customer", _("goes with the customer's data")
    WITH_REQUEST = "with_request", _("goes with its request")
    WHILE_CURRENT = "while_current", _("kept while current; earlier values stay only in the audit trail")
    STAFF = "staff", _("kept while the staff member works here; removed by the administrator")
    LIBRARY = "library", _("removed by the library that writes it (expiry or cool-off)")
    NOT_WRITTEN = "not_written", _("no longer written; old rows were deleted")
    MAIL_QUEUE = "mail_queue", _("removed 7 days after sending, 30 days after failing (kanalinhelmi/mail.py)")


class ViewLogging(models.TextChoices):
    """Which views of the data the audit trail records (S39)."""

    OPENED = "opened", _("opening a record")
    LISTED = "listed", _("lists, searches, history and autocomplete")
    NONE = "none", _("views are not logged")


@dataclass(frozen=True)
class PersonalData:
    """One model's personal data and what the register does with it."""

    model: str  # "app_label.ModelName"
    fields: tuple  # names of the fields holding personal data
    about: str  # whose data, in a few words (translatable)
    report: str | None  # key of the access-report section that shows the fields, None if not a customer's
    erasure: str  # Erasure
    retention: str  # Retention
    audited: bool = True
    view_logging: tuple = (ViewLogging.OPENED, ViewLogging.LISTED)
    # Fields of the model that hold nothing about a person (ids, links, flags, bookkeeping).
    other_fields: tuple = ()
    # Personal fields the access report does not show as such (a password hash, a scan), said in ``notes``.
    unreported_fields: tuple = ()
    # Personal fields the audit trail leaves out on purpose (a login time, a letter's text), said in ``notes``.
    unaudited_fields: tuple = ()
    # Why the trail does not follow the model, when ``audited`` is False.
    not_audited_because: str = ""
    # Why a customer's report does not show it, when ``report`` is None.
    not_reported_because: str = ""
    notes: str = ""
    owner: str = field(default="", compare=False)

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def field_objects(self):
        model = self.model_class
        return [model._meta.get_field(name) for name in self.fields]


def data_map():
    """Every app's ``DATA_MAP``, in the order of ``INSTALLED_APPS``, each entry with its owner app's label."""
    entries = []
    for app_config, module in _parts():
        for entry in getattr(module, "DATA_MAP", ()):
            entries.append(PersonalData(**{**entry.__dict__, "owner": app_config.label}))
    return entries


def not_personal():
    """``{model label: reason}`` of every app's ``NOT_PERSONAL``."""
    reasons = {}
    for _app_config, module in _parts():
        reasons.update(getattr(module, "NOT_PERSONAL", {}))
    return reasons


def _parts():
    from importlib import import_module

    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "data_map"):
            yield app_config, import_module(f"{app_config.name}.data_map")


def data_map_rows():
    """The map as rows of plain text in the active language, for the printable page and ``docs/data-map.md``."""
    from django.utils.text import capfirst
    from django.utils.translation import gettext

    rows = []
    for entry in data_map():
        model = entry.model_class
        rows.append(
            {
                "data": str(capfirst(model._meta.verbose_name_plural)),
                "model": entry.model,
                "owner": str(apps.get_app_config(entry.owner).verbose_name),
                "about": str(entry.about),
                "fields": ", ".join(str(field.verbose_name) for field in entry.field_objects()),
                "unreported": ", ".join(
                    str(model._meta.get_field(name).verbose_name) for name in entry.unreported_fields
                ),
                "report": entry.report or "–",
                "not_reported_because": str(entry.not_reported_because),
                "erasure": str(Erasure(entry.erasure).label),
                "retention": str(Retention(entry.retention).label),
                "audited": gettext("yes") if entry.audited else str(entry.not_audited_because),
                "views_logged": ", ".join(str(ViewLogging(view).label) for view in entry.view_logging) or "–",
                "notes": str(entry.notes),
            }
        )
    return rows


def render_markdown():
    """``docs/data-map.md``: the data map in English, written by ``manage.py data_map``."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        return render_to_string("kanalinhelmi/data_map.md", {"rows": data_map_rows()})
