"""System checks that catch a broken installation at start-up, not at the first letter (issue 16)."""

from django.core.checks import Error

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


def letters_can_be_made(app_configs=None, **kwargs):
    """S35: every answer is a PDF letter, and WeasyPrint needs Pango, which pip cannot install.

    WeasyPrint loads Pango when it is imported, so the import is the test;
    without it the site would start and fail at the first letter.
    """
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        return [
            Error(
                f"PDF letters cannot be made: WeasyPrint cannot load Pango ({error}).",
                hint=f"On Debian or Ubuntu: apt-get install {PANGO_PACKAGES} (see the README).",
                id="kanalinhelmi.E001",
            )
        ]
    except ImportError as error:
        return [
            Error(
                f"PDF letters cannot be made: WeasyPrint is not installed ({error}).",
                hint="Install the project's dependencies: .venv/bin/pip install .",
                id="kanalinhelmi.E002",
            )
        ]
    return []
