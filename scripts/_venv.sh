# Sourced by the scripts: check the prerequisites, create .venv on first use and install the
# project with its test tools.

# What pip cannot install (README: prerequisites). Checked first, so that nobody waits for an
# install that cannot work.
missing=()
if ! command -v python3 >/dev/null 2>&1; then
  echo "Python 3.11 or newer is needed (python3 is not on the PATH)." >&2
  return 1 2>/dev/null || exit 1
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python 3.11 or newer is needed; python3 is $(python3 -V 2>&1)." >&2
  return 1 2>/dev/null || exit 1
fi
if [ ! -x .venv/bin/python ] && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  missing+=(python3-venv)
fi
# WeasyPrint (the PDF letters) needs Pango. Only on Linux: elsewhere the library search
# differs, and the site's own system check (kanalinhelmi.E001) says the same at start-up.
if [ "$(uname -s)" = Linux ] && ! python3 -c '
import sys
from ctypes.util import find_library
sys.exit(not (find_library("pango-1.0") and find_library("pangoft2-1.0")))'; then
  missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "On Debian or Ubuntu install them with:  sudo apt-get install ${missing[*]}" >&2
  return 1 2>/dev/null || exit 1
fi

first_run=
if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv…"
  python3 -m venv .venv
  first_run=1
fi
# Re-install only when pyproject.toml has changed since the last install.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  if [ -n "$first_run" ] || ! ls .venv/.installed-* >/dev/null 2>&1; then
    echo "Installing dependencies (first run only, about half a minute)…"
  else
    echo "pyproject.toml has changed: updating dependencies…"
  fi
  # pip shows each package as it goes, with progress bars on a terminal; CI's log stays short.
  progress=()
  if [ -n "${CI:-}" ]; then
    progress=(--quiet)
  elif [ ! -t 1 ]; then
    progress=(--progress-bar off)
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --disable-pip-version-check "${progress[@]}" ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
  echo "Dependencies installed."
fi
export PATH="$PWD/.venv/bin:$PATH"
