# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo.tools import plaintext2html


def taobao_note(body):
    """A chatter note from a translated text (plain, or HTML when it carries links)."""
    return body if isinstance(body, Markup) else plaintext2html(body)
