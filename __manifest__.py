# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Taobao Purchase (DajiSaaS)",
    "summary": "Buy the goods of a sale order on Taobao/Tmall through the DajiSaaS open API",
    "version": "18.0.1.4.0",
    "category": "Sales/Sales",
    "author": "Taobao Purchase contributors",
    "website": "https://github.com/taobao-purchase/taobao_purchase",
    "license": "LGPL-3",
    "depends": ["sale_management", "sale_purchase", "sale_margin"],
    "external_dependencies": {"python": ["pydantic", "requests"]},
    "data": [
        "security/taobao_purchase_security.xml",
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "data/product_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_actions_server_data.xml",
        "views/taobao_api_log_views.xml",
        "views/taobao_message_refusal_views.xml",
        "views/purchase_order_views.xml",
        "views/taobao_purchase_wizard_views.xml",
        "views/sale_order_views.xml",
        "views/product_views.xml",
        "views/res_config_settings_views.xml",
        "views/taobao_product_wizard_views.xml",
        "views/taobao_menus.xml",
        "report/purchase_order_templates.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "taobao_purchase/static/src/js/*.js",
            "taobao_purchase/static/src/scss/*.scss",
        ],
        "web.assets_tests": ["taobao_purchase/static/tests/tours/*.js"],
    },
    "demo": [
        "demo/taobao_demo.xml",
    ],
    "installable": True,
    "application": True,
}
