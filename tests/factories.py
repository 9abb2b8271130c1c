"""Factories for tests: realistic Finnish data that passes the register's validation."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from registry import models


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Customer

    first_name = factory.Iterator(["Aino", "Eino", "Helmi", "Väinö", "Siiri"])
    last_name = factory.Iterator(["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Laine"])
    phone = factory.Sequence(lambda n: f"+35840{1000000 + n}")
    email = factory.Sequence(lambda n: f"asiakas{n}@example.fi")
    source = models.DataSource.CUSTOMER


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Practitioner

    first_name = "Maria"
    last_name = factory.Sequence(lambda n: f"Sundström{n}")
    profession = "psykoterapeutti"
    business_id = "3386427-8"


class CareRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CareRelationship

    customer = factory.SubFactory(CustomerFactory)
    practitioner = factory.SubFactory(PractitionerFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Representative

    customer = factory.SubFactory(CustomerFactory)
    kind = models.Representative.Kind.GUARDIAN
    first_name = "Kaisa"
    last_name = "Virtanen"
    mandate = "Alaikäisen huoltaja"
    source = models.DataSource.GUARDIAN


class IdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Identifier

    customer = factory.SubFactory(CustomerFactory)
    kind = models.Identifier.Kind.IP_ADDRESS
    value = "192.0.2.10"
    seen_in = "ajanvaraus verkossa"
    source = models.DataSource.WEBSITE


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Feedback

    customer = factory.SubFactory(CustomerFactory)
    channel = models.Feedback.Channel.WEB
    text = "Kiitos hyvästä palvelusta."


class BillingProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BillingProfile

    customer = factory.SubFactory(CustomerFactory)
    bank_account = "FI2112345600000785"
    billing_email = factory.LazyAttribute(lambda o: o.customer.email)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Order

    customer = factory.SubFactory(CustomerFactory)
    number = factory.Sequence(lambda n: f"T{n:06d}")
    description = "Lääkärin vastaanotto"
    total = Decimal("68.00")


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Invoice

    customer = factory.SubFactory(CustomerFactory)
    number = factory.Sequence(lambda n: f"L{n:06d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    due_on = factory.LazyAttribute(lambda o: o.issued_on + timedelta(days=14))
    amount = Decimal("68.00")


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Disclosure

    customer = factory.SubFactory(CustomerFactory)
    recipient = "Kansaneläkelaitos (Kela)"
    basis = models.Disclosure.Basis.LEGAL_OBLIGATION
    legal_ground = "Sairausvakuutuslaki 19 luku 1 §"
    data_disclosed = "Yhteystiedot"


# --- audit/retention (privacy.audit, privacy.retention) ---


class ExtranetAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ExtranetAccount

    customer = factory.SubFactory(CustomerFactory)
    username = factory.Sequence(lambda n: f"asiakas{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        account = model_class(*args, **kwargs)
        account.set_password("pitka-salasana-123")
        account.save()
        return account


# --- privacy (data-subject requests) ---


class DataSubjectRequestFactory(factory.django.DjangoModelFactory):
    """A request as it arrives from the website, not yet confirmed."""

    class Meta:
        model = "privacy.DataSubjectRequest"

    kind = "inspection"
    first_name = "Aino"
    last_name = "Virtanen"
    email = factory.Sequence(lambda n: f"pyytaja{n}@example.fi")
    # Answers are posted (issue 11 item 8): a request to be answered has an address.
    postal_address = "Nortamonkatu 1 A 2, 26100 Rauma"
    language = "fi"


# --- consent (consents, cookies, privacy notice) ---


def consent_purpose(key):
    """Purposes and their first texts come from the consent app's data migration."""
    from consent.models import ConsentPurpose

    return ConsentPurpose.objects.get(key=key)


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    """A consent given on the website, with the browser's evidence."""

    class Meta:
        model = "consent.ConsentRecord"

    customer = factory.SubFactory(CustomerFactory)
    purpose = factory.LazyFunction(lambda: consent_purpose("joint_register"))
    text = factory.LazyAttribute(lambda o: o.purpose.current_text())
    action = "grant"
    channel = "web"
    ip_address = "192.0.2.44"
    user_agent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"
