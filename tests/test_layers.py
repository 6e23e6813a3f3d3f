# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Dependencies run one way: jobs → flow → records → the DajiSaaS client.

- the client (``dajisaas/``) imports no Odoo and nothing of the addon's Odoo layer;
- the records (what DajiSaaS said about a purchase, an intent, a message...) neither call
  the purchase flow nor the jobs;
- the flow (the sale order's attempt, ``sale_order_taobao_purchase.py``) calls no job: it
  hands work over by cron triggers;
- the jobs (``taobao.jobs``) are called by nothing but their crons and the settings.

Screens and buttons (sale orders, products, settings, dialogs) sit above them all.
"""

import ast
from pathlib import Path

from odoo.tests import BaseCase, tagged

ADDON = Path(__file__).resolve().parent.parent
RECORDS = (
    "chatter.py",
    "purchase_order.py",
    "purchase_order_bills.py",
    "purchase_order_payment.py",
    "purchase_order_line.py",
    "purchase_order_stock.py",
    "purchase_report.py",
    "res_company.py",
    "res_partner.py",
    "sale_order_line.py",
    "taobao_access.py",
    "taobao_api_log.py",
    "taobao_message_receipt.py",
    "taobao_message_refusal.py",
    "taobao_purchase_intent.py",
    "taobao_sync_request.py",
    "wording.py",
)
FLOW = ("sale_order_taobao_purchase.py",)
JOBS = ("taobao_jobs.py", "taobao_reconciliation.py")


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree):
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def _strings(tree):
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _called(tree):
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


def _defined(tree):
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("_")
    }


@tagged("post_install", "-at_install")
class TestLayers(BaseCase):
    def test_the_client_imports_no_odoo(self):
        for path in sorted((ADDON / "dajisaas").glob("*.py")):
            imports = _imports(_tree(path))
            with self.subTest(path=path.name):
                self.assertFalse({i for i in imports if i.split(".")[0] == "odoo"})
                self.assertFalse({i for i in imports if i.startswith("..")})

    def test_records_call_neither_the_flow_nor_the_jobs(self):
        above = set().union(*(_defined(_tree(ADDON / "models" / name)) for name in FLOW + JOBS))
        for name in RECORDS:
            tree = _tree(ADDON / "models" / name)
            with self.subTest(file=name):
                self.assertNotIn("taobao.jobs", _strings(tree))
                self.assertFalse(
                    {
                        i
                        for i in _imports(tree)
                        if i in (".sale_order_taobao_purchase", ".taobao_jobs")
                    }
                )
                self.assertFalse((_called(tree) - _defined(tree)) & above)

    def test_the_flow_calls_no_job(self):
        jobs = set().union(*(_defined(_tree(ADDON / "models" / name)) for name in JOBS))
        for name in FLOW:
            tree = _tree(ADDON / "models" / name)
            with self.subTest(file=name):
                self.assertFalse(_called(tree) & jobs, "hand work over with a cron trigger")
                self.assertNotIn("taobao.jobs", _strings(tree))
                self.assertNotIn(".taobao_jobs", _imports(tree))

    def test_only_the_crons_and_the_settings_run_the_jobs(self):
        jobs = set().union(*(_defined(_tree(ADDON / "models" / name)) for name in JOBS))
        callers = [
            path
            for folder in ("models", "wizards", "controllers")
            for path in sorted((ADDON / folder).glob("*.py"))
            if path.name not in (*JOBS, "res_config_settings.py")
        ]
        for path in callers:
            tree = _tree(path)
            with self.subTest(file=f"{path.parent.name}/{path.name}"):
                self.assertNotIn("taobao.jobs", _strings(tree))
                self.assertFalse((_called(tree) - _defined(tree)) & jobs)

    def test_the_flow_is_the_order_s_own(self):
        """The flow works on the sale order it is called on, like ``sale_purchase``: no
        method takes the order as an argument."""
        for name in FLOW:
            for node in ast.walk(_tree(ADDON / "models" / name)):
                if isinstance(node, ast.FunctionDef):
                    with self.subTest(method=node.name):
                        self.assertNotIn("order", [arg.arg for arg in node.args.args])
