# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Host-free suite: runs without Odoo (the add-on's pure parts and files)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDON_DIR = ROOT / "citsmart_messaging"
# the scripts are sibling modules, not a package
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="session")
def addon_dir():
    return ADDON_DIR


@pytest.fixture(scope="session")
def keys_module():
    """citsmart_messaging/tools/keys.py, loaded without the add-on's
    __init__ (which imports Odoo)."""
    path = ADDON_DIR / "tools" / "keys.py"
    spec = importlib.util.spec_from_file_location("messaging_keys", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
