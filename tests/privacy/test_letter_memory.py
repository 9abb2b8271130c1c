"""Making letters does not make the worker that makes them grow (issue 14, bench/soak).

The job worker and the gunicorn workers live for weeks and make a PDF for
every answer and every public request letter; each must leave nothing of
itself behind in the process.
"""

from pathlib import Path

import pytest

from privacy.letters import html_to_pdf

STATM = Path("/proc/self/statm")


def resident_mib():
    import os

    return int(STATM.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not STATM.exists(), reason="reads the process's memory from Linux's /proc")
def test_making_many_letters_does_not_grow_the_process():
    letter = "<p style='font-family: serif'>Tarkastuspyyntö</p><p style='font-family: sans-serif'>Vastaus</p>"
    for _ in range(3):  # fonts and caches are loaded once, as in a warm worker
        html_to_pdf(letter)
    before = resident_mib()
    for _ in range(40):
        html_to_pdf(letter)
    # With a font configuration per letter, 40 letters kept about 20 MiB.
    assert resident_mib() - before < 5
