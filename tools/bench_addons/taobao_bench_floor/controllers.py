# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.http import request


class BenchFloorController(http.Controller):
    """Declared like taobao_purchase's message route, and does nothing with the message:
    what any public form post to Odoo costs (routing, database, session, response)."""

    @http.route(
        "/taobao_bench_floor/message/<int:company_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
    )
    def receive_message(self, company_id, **post):
        if not isinstance(post.get("message"), str):
            return request.make_response("malformed", status=400)
        return request.make_response("success")
