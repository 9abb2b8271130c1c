# Sourced by the scripts: create .venv on first use and install the project with its test tools.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Re-install only when pyproject.toml has changed since the last install.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
