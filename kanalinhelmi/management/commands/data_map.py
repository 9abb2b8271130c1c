"""Write the register's data map to docs/data-map.md (GDPR Art. 30), or check that it is current."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kanalinhelmi.personal_data import render_markdown

DOC = Path(settings.BASE_DIR) / "docs" / "data-map.md"


class Command(BaseCommand):
    help = "Write docs/data-map.md from every app's data_map.py; --check only says whether it is current."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Change nothing; fail if the file is not current."
        )

    def handle(self, *args, check=False, **options):
        text = render_markdown()
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if check:
            if current != text:
                raise CommandError(f"{DOC} is not current: run manage.py data_map")
            self.stdout.write(f"{DOC} is current.")
            return
        DOC.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {DOC} ({text.count('## ')} models).")
