"""The addon installs (with its demo data) and uninstalls cleanly on a fresh database.

Run by tools/test with ODOO_CONF pointing at the generated odoo.conf; it needs real processes
because a module cannot be uninstalled inside the database the other tests run in.
"""

import configparser
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ODOO_CONF = os.environ.get("ODOO_CONF")
ODOO_SRC = Path(os.environ.get("ODOO_SRC", Path.home() / "odoo18"))

pytestmark = pytest.mark.skipif(not ODOO_CONF, reason="ODOO_CONF not set: run through tools/test")

UNINSTALL_SCRIPT = """
module = env["ir.module.module"].search([("name", "=", "taobao_purchase")])
assert module.state == "installed", module.state
module.button_immediate_uninstall()
env.cr.execute(
    "SELECT column_name FROM information_schema.columns "
    "WHERE table_name = 'res_company' AND column_name LIKE 'taobao%%'"
)
columns = env.cr.fetchall()
env.cr.execute("SELECT model FROM ir_model WHERE model LIKE 'taobao.%%'")
models = env.cr.fetchall()
env.cr.execute("SELECT count(*) FROM ir_model_data WHERE module = 'taobao_purchase'")
xmlids = env.cr.fetchone()[0]
print("LEFTOVERS", columns, models, xmlids)
assert not columns and not models and not xmlids
print("UNINSTALL-OK")
"""


def odoo(*args, stdin=None):
    command = [sys.executable, str(ODOO_SRC / "odoo-bin"), *args, "-c", ODOO_CONF]
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=900, check=False
    )


TEMPLATE_DB = os.environ.get("TEMPLATE_DB")
TEMPLATE_FILESTORES = os.environ.get("TEMPLATE_FILESTORES", "")


def data_dir():
    parser = configparser.ConfigParser()
    parser.read(ODOO_CONF)
    return Path(parser["options"]["data_dir"])


@pytest.fixture
def database():
    """A new database; a copy of the dependencies' template (with demo) when given."""
    name = f"taobao_purchase_install_{uuid.uuid4().hex[:8]}"
    if TEMPLATE_DB:
        subprocess.run(["createdb", "-U", "odoo", "-T", TEMPLATE_DB, name], check=True)
        template_filestore = Path(TEMPLATE_FILESTORES) / TEMPLATE_DB
        if TEMPLATE_FILESTORES and template_filestore.is_dir():
            shutil.copytree(template_filestore, data_dir() / "filestore" / name)
    yield name
    subprocess.run(["dropdb", "-U", "odoo", "--if-exists", name], check=False)
    shutil.rmtree(data_dir() / "filestore" / name, ignore_errors=True)


def test_install_with_demo_then_uninstall(database):
    installed = odoo(
        "-d",
        database,
        "-i",
        "taobao_purchase",
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
    )
    assert installed.returncode == 0, installed.stderr[-4000:]
    assert " ERROR " not in installed.stderr, installed.stderr[-4000:]

    uninstalled = odoo(
        "shell", "-d", database, "--no-http", "--log-level=warn", stdin=UNINSTALL_SCRIPT
    )
    assert "UNINSTALL-OK" in uninstalled.stdout, (
        uninstalled.stdout[-2000:] + uninstalled.stderr[-4000:]
    )
