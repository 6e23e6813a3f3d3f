# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.http import request
from odoo.tools import SQL

DECLARED_LIKE_THE_MESSAGE_ROUTE = {
    "type": "http",
    "auth": "public",
    "methods": ["POST"],
    "csrf": False,
    "save_session": False,
}
"""taobao_purchase's message route options: a floor pays what that route pays to Odoo."""


class BenchFloorController(http.Controller):
    """Two floors, declared like taobao_purchase's message route.

    ``message``: does nothing with the message, what any public form post to Odoo costs
    (routing, database, session, response).
    ``kept``: keeps the message as received in one INSERT, and checks nothing: the least a
    webhook that must not lose what it was sent can do before it answers.
    """

    @http.route("/taobao_bench_floor/message/<int:company_id>", **DECLARED_LIKE_THE_MESSAGE_ROUTE)
    def receive_message(self, company_id, **post):
        if not isinstance(post.get("message"), str):
            return request.make_response("malformed", status=400)
        return request.make_response("success")

    @http.route("/taobao_bench_floor/kept/<int:company_id>", **DECLARED_LIKE_THE_MESSAGE_ROUTE)
    def keep_message(self, company_id, **post):
        message = post.get("message")
        if not isinstance(message, str):
            return request.make_response("malformed", status=400)
        request.env.cr.execute(
            SQL("INSERT INTO taobao_bench_floor_message (message) VALUES (%s)", message)
        )
        return request.make_response("success")
