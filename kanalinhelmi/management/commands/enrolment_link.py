"""The first superuser's enrolment link, or anyone's when the back-office is out of reach (issue 10, item 12)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kanalinhelmi.two_factor import issue_enrolment_link


class Command(BaseCommand):
    help = (
        "Issue a one-time link with which a staff account sets up two-step login; "
        "any earlier link of the account stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--site", default="", help="The site's address, e.g. https://rekisteri.kanalinhelmi.fi"
        )

    def handle(self, *, username, site, **options):
        try:
            user = get_user_model().objects.get(username=username, is_staff=True, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active staff account {username!r}.") from None
        try:
            path = issue_enrolment_link(user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{site.rstrip('/')}{path}")
        self.stdout.write(
            f"Valid for {settings.STAFF_ENROLMENT_LINK_HOURS} hours, once, for {username} only "
            "(who logs in with their password first)."
        )
