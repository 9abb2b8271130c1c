#!/usr/bin/env bash
# Render every letter kind in Finnish, Swedish and English through the real
# request workflow and keep their pages as PNG in docs/letters/, for people
# to read (issue 18). Needs pdftoppm (Debian: poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
LETTER_SAMPLES_DIR="$PWD/docs/letters" DEBUG=1 .venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/privacy/test_letters_all_languages.py
echo "Letters written to docs/letters/: $(ls docs/letters/*.png | wc -l) pages."
