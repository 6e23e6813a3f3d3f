# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Taobao Purchase benchmark floor",
    "summary": "A do-nothing message route: the floor tools/benchmark_webhook compares with",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "author": "Taobao Purchase contributors",
    "website": "https://github.com/taobao-purchase/taobao_purchase",
    "license": "LGPL-3",
    "depends": ["web"],
    "data": ["security/ir.model.access.csv"],
    "installable": True,
}
