"""A loopback HTTP sandbox of the DajiSaaS Taobao API, faults included.

Pure Python (stdlib only): it imports neither Odoo nor the ``dajisaas`` client, so that
the two implementations of the wire contract check each other.
"""

from .catalog import DEFAULT_SEED
from .faults import FAULT_KINDS
from .server import DEFAULT_APP_KEY, DEFAULT_APP_SECRET, SandboxServer

__all__ = ["DEFAULT_APP_KEY", "DEFAULT_APP_SECRET", "DEFAULT_SEED", "FAULT_KINDS", "SandboxServer"]
