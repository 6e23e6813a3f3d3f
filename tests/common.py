# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from urllib.parse import urlsplit

from odoo.tests.common import TransactionCase, _super_send

from odoo.addons.taobao_purchase.dajisaas_sandbox import (
    DEFAULT_APP_KEY,
    DEFAULT_APP_SECRET,
    SandboxServer,
)


class TaobaoSandboxCase(TransactionCase):
    """Tests against the project's DajiSaaS sandbox, a real HTTP server on loopback.

    One sandbox per test class; its orders and faults are reset before every test.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = SandboxServer(app_key=DEFAULT_APP_KEY, app_secret=DEFAULT_APP_SECRET)
        cls.sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.company = cls.env.company
        cls.configure_company(cls.company)

    @classmethod
    def configure_company(cls, company):
        company.write(
            {
                "taobao_environment": "sandbox",
                "taobao_api_url": cls.sandbox.url,
                "taobao_app_key": DEFAULT_APP_KEY,
                "taobao_app_secret": DEFAULT_APP_SECRET,
                "taobao_signing_mode": "signed",
            }
        )

    def setUp(self):
        super().setUp()
        self.sandbox.reset()

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        # Odoo's test framework stretches short timeouts to 10 s; the sandbox is on loopback
        # and the timeout tests need the timeouts as configured.
        if urlsplit(request.url).hostname in ("127.0.0.1", "localhost"):
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)
