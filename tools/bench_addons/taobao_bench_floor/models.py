# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BenchFloorMessage(models.Model):
    """What the durable floor route keeps: the message as received, nothing else."""

    _name = "taobao.bench.floor.message"
    _description = "Benchmark floor: a kept message"
    _log_access = False

    message = fields.Text(required=True)
