"""Demo staff (one per role) and a few hundred realistic customers.

Idempotent: staff accounts are reset to their demo passwords and each has
one confidentiality undertaking on record (S30); customers are created only
once. Refuses to run outside DEBUG unless told it is a demo.
"""

import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from stdnum import iban
from stdnum.fi import ytunnus

from kanalinhelmi import roles
from kanalinhelmi.models import ConfidentialityUndertaking
from registry.models import (
    BillingProfile,
    CareRelationship,
    Customer,
    DataSource,
    Disclosure,
    ExtranetAccount,
    Feedback,
    Identifier,
    Invoice,
    Order,
    Practitioner,
    Representative,
)

DEMO_MARKER = "demo data"
DEMO_PASSWORD = "Kanalinhelmi-demo-2026"

DEMO_STAFF = [
    # username, first name, last name, role (None: system administrator)
    ("asiakaspalvelu", "Sanna", "Lehtinen", roles.CUSTOMER_SERVICE),
    ("laskutus", "Jari", "Salminen", roles.BILLING),
    ("ammatinharjoittaja", "Liisa", "Mäkelä", roles.PRACTITIONER),
    ("rekisterivastaava", "Eero", "Kitinoja", roles.RESPONSIBLE_PERSON),
    ("yllapito", "Ilkka", "Järvinen", None),
]

FIRST_NAMES = (
    "Aino Eino Helmi Väinö Siiri Onni Aada Leo Emma Eetu Sofia Elias Olivia Oliver Ilona Lauri "
    "Kerttu Juho Venla Aleksi Pihla Veeti Hilla Joonas Iida Mikael Saara Matias Linnea Niilo"
).split()
LAST_NAMES = (
    "Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen "
    "Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen "
    "Salo Laitinen Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen"
).split()
COMPANIES = [
    ("Rauman Telakka Oy", "https://www.raumantelakka.example"),
    ("Nortamon Kahvila Ky", "https://nortamonkahvila.example"),
    ("Pitsiniekka Oy", ""),
    ("Satakunnan Sähkö Oy", "https://satakunnansahko.example"),
    ("", ""),
    ("", ""),
    ("", ""),
]
CLASSIFICATIONS = ["", "", "työterveys", "urheilija", "yrittäjä", "eläkeläinen", "opiskelija"]
FEEDBACK = [
    "Vastaanotolle pääsi nopeasti, kiitos!",
    "Odotusaika oli pitkä, mutta palvelu ystävällistä.",
    "Laskun eräpäivä tuli liian nopeasti.",
    "Ajanvaraus verkossa toimi hyvin.",
]


class Command(BaseCommand):
    help = "Create demo staff logins and demo customers (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=300)
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run although DEBUG is off (a demo server, never production).",
        )

    def handle(self, *args, customers, allow_without_debug, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Demo data is for development only: set DEBUG=1 or pass --allow-without-debug."
            )
        # Hashing five passwords takes seconds on a slow machine: say what is happening.
        self.stdout.write("Setting up the demo staff logins…")
        with transaction.atomic():
            self.create_staff()
            practitioners = self.create_practitioners()
            existing = Customer.objects.filter(source_detail=DEMO_MARKER).count()
            if not existing:
                self.stdout.write(f"Creating {customers} demo customers…")
                self.create_customers(customers, practitioners)
        self.stdout.write(f"Demo staff: {len(DEMO_STAFF)} logins, password {DEMO_PASSWORD}")
        for username, first, last, role in DEMO_STAFF:
            self.stdout.write(f"  {username:<20} {first} {last} – {role or 'järjestelmän ylläpito'}")
        if existing:
            # Issue 16: a second run adds nothing; say so, and how to begin again.
            self.stdout.write(
                self.style.SUCCESS(
                    f"The demo data is already there ({existing} demo customers); nothing was added. "
                    f"{how_to_start_afresh()}"
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Done: {customers} demo customers created."))

    def create_staff(self):
        User = get_user_model()
        for username, first, last, role in DEMO_STAFF:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@kanalinhelmi.example"
            user.is_staff = True
            user.is_superuser = role is None
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role:
                user.groups.set([Group.objects.get(name=role)])
        self.record_confidentiality_undertakings()

    def record_confidentiality_undertakings(self):
        """Every demo staff member has signed one (S30), as recorded by the responsible person."""
        User = get_user_model()
        responsible = User.objects.get(username="rekisterivastaava")
        for username, *_rest in DEMO_STAFF:
            user = User.objects.get(username=username)
            if not user.confidentiality_undertakings.exists():
                ConfidentialityUndertaking.objects.create(
                    staff_member=user,
                    signed_on=timezone.localdate() - timedelta(days=30),
                    reference="Henkilöstökansio, demo",
                    recorded_by=responsible,
                )

    def create_practitioners(self):
        rng = random.Random(7)
        people = [
            (
                "Liisa",
                "Mäkelä",
                ("psykoterapeutti", "psykoterapeut", "psychotherapist"),
                "ammatinharjoittaja",
            ),
            ("Pekka", "Aaltonen", ("fysioterapeutti", "fysioterapeut", "physiotherapist"), None),
            ("Maria", "Sundström", ("puheterapeutti", "talterapeut", "speech therapist"), None),
        ]
        practitioners = []
        for first, last, (profession, profession_sv, profession_en), username in people:
            user = get_user_model().objects.get(username=username) if username else None
            practitioner, _ = Practitioner.objects.get_or_create(
                first_name=first,
                last_name=last,
                defaults={
                    "profession": profession,
                    "profession_sv": profession_sv,
                    "profession_en": profession_en,
                    "business_id": valid_business_id(rng),
                    "user": user,
                    "email": f"{first.lower()}.{ascii_name(last)}@kanalinhelmi.example",
                },
            )
            practitioners.append(practitioner)
        return practitioners

    def create_customers(self, count, practitioners):
        rng = random.Random(2026)
        now = timezone.now()
        today = timezone.localdate()
        for i in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            company, website = rng.choice(COMPANIES)
            customer = Customer(
                first_name=first,
                last_name=last,
                phone=f"+35840{rng.randrange(1000000, 9999999)}",
                email=f"{ascii_name(first)}.{ascii_name(last)}{i}@example.fi",
                company_name=company,
                company_website=website,
                preferred_language=rng.choices(["fi", "sv", "en"], weights=[85, 10, 5])[0],
                classifications=rng.choice(CLASSIFICATIONS),
                source=rng.choice(
                    [DataSource.CUSTOMER] * 6 + [DataSource.POPULATION_REGISTER, DataSource.WEBSITE]
                ),
                source_detail=DEMO_MARKER,
            )
            customer.save()
            practitioner = rng.choice([None, None, *practitioners])
            CareRelationship.objects.create(
                customer=customer,
                practitioner=practitioner,
                started_on=today - timedelta(days=rng.randrange(30, 2000)),
            )
            if i % 12 == 0:
                Representative.objects.create(
                    customer=customer,
                    kind=Representative.Kind.GUARDIAN,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=last,
                    phone=f"+35850{rng.randrange(1000000, 9999999)}",
                    mandate="Alaikäisen huoltaja",
                    valid_until=today + timedelta(days=rng.randrange(100, 4000)),
                    source=DataSource.GUARDIAN,
                )
            if i % 3 == 0:
                Identifier.objects.create(
                    customer=customer,
                    kind=Identifier.Kind.IP_ADDRESS,
                    value=f"192.0.2.{rng.randrange(1, 254)}",
                    seen_in="ajanvaraus verkossa",
                    first_seen_at=now - timedelta(days=rng.randrange(10, 700)),
                    last_seen_at=now - timedelta(days=rng.randrange(0, 10)),
                    source=DataSource.WEBSITE,
                )
            if i % 5 == 0:
                account = ExtranetAccount(customer=customer, username=f"asiakas{i}")
                account.password = "!"  # unusable until the customer sets one (S12)
                account.save()
            if i % 7 == 0:
                Feedback.objects.create(
                    customer=customer,
                    channel=Feedback.Channel.WEB,
                    text=rng.choice(FEEDBACK),
                    received_at=now - timedelta(days=rng.randrange(1, 400)),
                )
            if i % 2 == 0:
                self.create_billing(rng, customer, i, today)
            if i % 40 == 0:
                Disclosure.objects.create(
                    customer=customer,
                    recipient="Kansaneläkelaitos (Kela)",
                    basis=Disclosure.Basis.LEGAL_OBLIGATION,
                    legal_ground="Sairausvakuutuslaki 19 luku 1 §",
                    legal_ground_sv="Sjukförsäkringslagen 19 kap. 1 §",
                    legal_ground_en="Health Insurance Act chapter 19 section 1",
                    data_disclosed="Yhteystiedot ja käyntipäivät",
                    disclosed_at=now - timedelta(days=rng.randrange(1, 300)),
                )
            if (i + 1) % 100 == 0:
                self.stdout.write(f"  {i + 1}/{count} customers")
        return count

    def create_billing(self, rng, customer, i, today):
        BillingProfile.objects.create(
            customer=customer,
            bank_account=valid_finnish_iban(rng),
            billing_email=customer.email,
        )
        order = Order.objects.create(
            customer=customer,
            number=f"T{2026000 + i}",
            description=rng.choice(["Lääkärin vastaanotto", "Työhöntulotarkastus", "Fysioterapia"]),
            total=Decimal(rng.choice(["68.00", "95.50", "120.00"])),
        )
        issued = today - timedelta(days=rng.randrange(20, 900))
        due = issued + timedelta(days=14)
        late = rng.random() < 0.2
        Invoice.objects.create(
            customer=customer,
            order=order,
            number=f"L{2026000 + i}",
            issued_on=issued,
            due_on=due,
            amount=order.total,
            paid_on=due + timedelta(days=rng.randrange(5, 40)) if late else due - timedelta(days=2),
            reminders_sent=1 if late else 0,
        )


def how_to_start_afresh(connection=connection):
    if connection.vendor != "sqlite":
        return "To start afresh, load the demo into an empty database."
    database = Path(connection.settings_dict["NAME"])
    if database.is_relative_to(settings.BASE_DIR):
        database = database.relative_to(settings.BASE_DIR)
    return f"To start afresh, stop the site, delete {database} and run scripts/demo.sh again."


def ascii_name(name):
    return name.lower().replace("ä", "a").replace("ö", "o").replace("å", "a")


def valid_business_id(rng):
    """A random Y-tunnus; the check digit is found by stdnum, not computed here."""
    while True:
        base = f"{rng.randrange(1000000, 9999999)}"
        for digit in "0123456789":
            if ytunnus.is_valid(base + digit):
                return ytunnus.format(base + digit)


def valid_finnish_iban(rng):
    """A random Finnish IBAN that python-stdnum accepts."""
    while True:
        bban = f"{rng.randrange(10**13, 10**14)}"
        number = f"FI{iban.calc_check_digits('FI00' + bban)}{bban}"
        if iban.is_valid(number):
            return number
