"""pytest plugin for the pure-Python tests (loaded with ``-p tools.pytest_pure_collection``).

It is a plugin rather than a root conftest.py because pytest imports a root conftest.py
as part of the addon package, and so imports Odoo.
"""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_collect_directory(path, parent):
    # The repository root is the Odoo addon: collected as packages, the root and the pure
    # packages would be imported as its submodules, and so import Odoo. Collect plain folders;
    # the test modules import the pure packages as top-level ones (pythonpath = .).
    if path.resolve().is_relative_to(REPO_ROOT):
        return pytest.Dir.from_parent(parent, path=path)
    return None
