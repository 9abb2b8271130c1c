"""A machine without Pango is told so at start-up, not at the first PDF letter (issue 16, item 5; S35)."""

import builtins
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from kanalinhelmi.checks import letters_can_be_made

ROOT = Path(__file__).resolve().parents[2]
real_import = builtins.__import__


def without_pango(name, *args, **kwargs):
    if name == "weasyprint":
        # What WeasyPrint's cffi raises when libpango-1.0-0 is not installed.
        raise OSError("cannot load library 'libpango-1.0-0': no such file")
    return real_import(name, *args, **kwargs)


@pytest.fixture
def pango_missing(monkeypatch):
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", without_pango)


def test_with_pango_installed_letters_pass_the_check():
    assert letters_can_be_made() == []


def test_without_pango_the_system_check_names_the_packages_to_install(pango_missing):
    (error,) = letters_can_be_made()
    assert error.id == "kanalinhelmi.E001"
    assert error.is_serious()
    assert "PDF letters cannot be made" in error.msg
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in error.hint


def test_without_pango_the_site_refuses_to_start(pango_missing):
    # runserver and migrate run the same checks as `manage.py check`.
    with pytest.raises(SystemCheckError, match=r"kanalinhelmi\.E001"):
        call_command("check")


def test_without_weasyprint_the_check_says_to_install_the_dependencies(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    (error,) = letters_can_be_made()
    assert error.id == "kanalinhelmi.E002"
    assert "pip install" in error.hint


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the scripts look for Pango on Linux only")
def test_the_scripts_name_the_debian_packages_they_miss_before_installing_anything(tmp_path):
    """scripts/demo.sh and test.sh stop at once, without python3-venv and Pango, and say what to install."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "_venv.sh", tmp_path / "scripts")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    # A Python without ensurepip (Debian without python3-venv) that finds no Pango.
    shadow = tmp_path / "shadow"
    (shadow / "ctypes").mkdir(parents=True)
    (shadow / "ensurepip.py").write_text("raise ImportError('python3-venv is not installed')\n")
    (shadow / "ctypes" / "__init__.py").write_text("")
    (shadow / "ctypes" / "util.py").write_text("def find_library(name):\n    return None\n")
    result = subprocess.run(
        ["bash", "-c", "set -euo pipefail; source scripts/_venv.sh"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(shadow)},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "sudo apt-get install python3-venv libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert not (tmp_path / ".venv").exists()
