"""The back-office index is Finnish throughout, screen-reader captions included (issue 16, item 7)."""

import pytest
from django.utils import translation

ENGLISH = ["Model name", "Add link", "Change or view list link"]


def test_the_index_tables_hidden_captions_are_finnish(client, responsible_person):
    client.force_login(responsible_person)
    page = client.get("/admin/").content.decode()
    for caption in ["Mallin nimi", "Lisäyslinkki", "Muokkaus- tai katselulistan linkki"]:
        assert f'<th scope="col">{caption}</th>' in page
    for english in ENGLISH:
        assert english not in page


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_captions_are_translated_in_finnish_and_swedish(language):
    # The back-office is served in Finnish (no language prefix); Swedish is
    # checked in the merged catalogues the admin would use.
    with translation.override(language):
        assert all(translation.gettext(english) != english for english in ENGLISH)
