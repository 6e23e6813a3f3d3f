# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from pathlib import Path

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSuite(TransactionCase):
    def test_odoos_runner_runs_every_test_module(self):
        """Odoo's runner runs only the modules tests/__init__.py imports; pytest finds all."""
        folder = Path(__file__).parent
        imported = (folder / "__init__.py").read_text(encoding="utf-8")
        missing = [
            path.stem
            for path in sorted(folder.glob("test_*.py"))
            if f"from . import {path.stem}\n" not in imported
        ]
        self.assertFalse(missing, "import them in tests/__init__.py")
