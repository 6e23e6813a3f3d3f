# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The purchase requests already sent become the ledger the reconciliation reads.

Every row of ``taobao_purchase_intent`` is a send, now ``open`` (the ORM fills the new
column). A send whose purchases Odoo holds is closed here as ``bought``. The others stay open,
on purpose: 18.0.1.1.0 closed an attempt after a refusal and an empty lookup, which may have
hidden a purchase DajiSaaS committed late; the reconciliation now looks them up (for the
company's reconciliation days) and records what DajiSaaS holds, for a person to review.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """INSERT INTO taobao_purchase_intent (company_id, sale_order_ref, attempt,
                   third_order_ref, state, outcome, create_uid, write_uid, create_date,
                   write_date)
               SELECT DISTINCT ON (send.company_id, send.third_order_ref) send.company_id,
                      send.sale_order_ref, send.attempt, send.third_order_ref, 'resolved',
                      'bought', 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                 FROM taobao_purchase_intent send
                 JOIN purchase_order purchase
                   ON purchase.company_id = send.company_id
                  AND purchase.taobao_third_order_ref = send.third_order_ref
                WHERE send.outcome = 'open'
                  AND NOT EXISTS (
                      SELECT FROM taobao_purchase_intent closing
                       WHERE closing.company_id = send.company_id
                         AND closing.third_order_ref = send.third_order_ref
                         AND closing.outcome != 'open')"""
        )
    )
    closed = cr.rowcount
    cr.execute(
        SQL(
            """SELECT count(DISTINCT (company_id, third_order_ref)) FROM taobao_purchase_intent
                WHERE outcome = 'open'"""
        )
    )
    left_open = cr.fetchone()[0] - closed
    _logger.info(
        "taobao_purchase 18.0.1.2.0: %s purchase requests closed as bought, %s left for the "
        "reconciliation to look up",
        closed,
        max(left_open, 0),
    )
