# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A Chinese-speaking seller can do the whole job in Chinese."""

import ast
import re
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from odoo.addons.taobao_purchase.dajisaas import DajisaasError, RequestTimeout
from odoo.addons.taobao_purchase.dajisaas.errors import REASONS
from odoo.addons.taobao_purchase.models.wording import error_text

ADDON = Path(__file__).resolve().parent.parent
RUNTIME_CODE = ("models", "wizards", "controllers", "dajisaas")
CJK = re.compile(r"[\u4e00-\u9fff]")
TECHNICAL_WORDS = {
    "DajiSaaS",
    "API",
    "URL",
    "appKey",
    "appSecret",
    "mpId",
    "mpSkuId",
    "SKU",
    "ID",
    "thirdOrderId",
    "traceId",
}
PO_ESCAPES = {"n": "\n", "t": "\t"}


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: PO_ESCAPES.get(m[1], m[1]), text)


def _technical(label):
    """A label made only of API names, which stay as they are in every language."""
    return all(word in TECHNICAL_WORDS for word in re.findall(r"[A-Za-z]+", label))


def _po_entries(path):
    """``{msgid: msgstr}`` of a PO file (multi-line strings joined)."""
    entries, key, current = {}, None, {"msgid": [], "msgstr": []}
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        match = re.match(r'^(msgid|msgstr) "(.*)"$', line)
        if match:
            key = match[1]
            current[key] = [match[2]]
        elif line.startswith('"') and key:
            current[key].append(line[1:-1])
        elif not line.strip() and current["msgid"]:
            msgid = _unescape("".join(current["msgid"]))
            if msgid:
                entries[msgid] = _unescape("".join(current["msgstr"]))
            current, key = {"msgid": [], "msgstr": []}, None
    return entries


def _code_terms():
    """Every literal passed to ``_()`` / ``env._()`` in the addon's runtime code."""
    terms = set()
    for folder in RUNTIME_CODE:
        for path in (ADDON / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and (
                        getattr(node.func, "attr", None) == "_"
                        or getattr(node.func, "id", None) == "_"
                    )
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    terms.add(node.args[0].value)
    return terms


@tagged("post_install", "-at_install")
class TestChinese(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["taobao_purchase"], ["zh_CN"])
        cls.zh = cls.env(context={"lang": "zh_CN"})
        cls.pot = _po_entries(ADDON / "i18n" / "taobao_purchase.pot")
        cls.po = _po_entries(ADDON / "i18n" / "zh_CN.po")

    def test_the_pot_is_current_with_the_code(self):
        missing = sorted(_code_terms() - set(self.pot))
        self.assertFalse(missing, "run tools/i18n: the .pot lacks terms of the code")

    def test_every_term_is_translated(self):
        untranslated = sorted(msgid for msgid in self.pot if not self.po.get(msgid))
        self.assertFalse(untranslated, f"{len(untranslated)} terms without a translation")

    def test_fields_menus_and_views_read_in_chinese(self):
        ours = self.env["ir.model.data"].search(
            [("module", "=", "taobao_purchase"), ("model", "=", "ir.model.fields")]
        )
        fields = (
            self.zh["ir.model.fields"]
            .browse(ours.mapped("res_id"))
            .filtered(lambda f: f.name.startswith("taobao"))
        )
        english = {f.id: f.field_description for f in fields.with_context(lang="en_US")}
        left = [
            f"{f.model}.{f.name}: {f.field_description}"
            for f in fields
            if f.field_description == english[f.id] and not _technical(f.field_description)
        ]
        self.assertFalse(left, "fields whose label stayed English")
        menu = self.zh.ref("taobao_purchase.menu_taobao_product_search")
        self.assertRegex(menu.name, CJK)
        arch = self.zh["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("测试连接", arch, "Test Connection")

    def test_every_text_of_the_client_s_catalogue_reads_in_chinese(self):
        """Users read the client's own texts (dajisaas/messages.py), translated: none is
        left out of the translations, whatever its reason."""
        values = {"status": 302, "target": "t", "limit": 1, "url": "u", "seconds": 1}
        for reason in REASONS:
            with self.subTest(reason=reason):
                error = DajisaasError().because(reason, **values)
                self.assertRegex(error_text(self.zh, error), CJK)
                self.assertEqual(error_text(self.env, error), str(error), "one English text")

    def test_messages_from_dajisaas_errors_read_in_chinese(self):
        error = RequestTimeout("English", endpoint="/x", outcome_unknown=True).because(
            "read_timeout", endpoint="/x", seconds=10
        )
        text = error_text(self.zh, error)
        self.assertRegex(text, CJK)
        self.assertIn("10", text)
        self.assertNotIn("English", text)
