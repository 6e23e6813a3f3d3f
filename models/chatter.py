# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo.tools import plaintext2html


def taobao_note(body):
    """A chatter note from a translated text (plain, or HTML when it carries links)."""
    return body if isinstance(body, Markup) else plaintext2html(body)


def taobao_activity(records, activity_type_xmlid, **values):
    """Schedule an activity from background work (the purchase job, the synchronization),
    without the email that tells the assignee: that email renders the record's portal link,
    which on a sale or a purchase writes the customer's or the vendor's row (its signup
    token), so that two jobs working for one partner at once would fail each other's
    transaction. The activity shows in the person's activities and on the record as usual."""
    return records.with_context(mail_activity_quick_update=True).activity_schedule(
        activity_type_xmlid, **values
    )
