# shellcheck shell=bash
# Shared settings of the project's scripts: where the venv, Odoo's source, the build folder and
# PostgreSQL are. Every value can be overridden from the environment.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDON_NAME=taobao_purchase
PYTHON=${PYTHON:-python3.11}
VENV_DIR=${VENV_DIR:-$REPO_DIR/.venv}
# Odoo 18.0 Community source (the folder holding odoo-bin and the odoo/ package).
ODOO_SRC=${ODOO_SRC:-$HOME/odoo18}
# Per-clone build folder outside the repository: addons path link, odoo.conf, throwaway cluster.
BUILD_DIR=${TAOBAO_BUILD_DIR:-$HOME/.cache/$ADDON_NAME/$(printf '%s' "$REPO_DIR" | md5sum | cut -c1-10)}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER_ODOO=${PGUSER_ODOO:-odoo}
SANDBOX_PORT=${SANDBOX_PORT:-8765}
export PGHOST PGPORT

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m!!!\033[0m %s\n' "$*" >&2; }

odoo_found() { [ -f "$ODOO_SRC/odoo-bin" ] && [ -d "$ODOO_SRC/odoo/addons/base" ]; }

# The addon must be on the addons path under its technical name, whatever the clone is called.
prepare_addons_path() {
    mkdir -p "$BUILD_DIR/addons"
    ln -sfn "$REPO_DIR" "$BUILD_DIR/addons/$ADDON_NAME"
    ADDON_DIR="$BUILD_DIR/addons/$ADDON_NAME"
}

write_odoo_conf() {
    local conf="$BUILD_DIR/odoo.conf"
    cat >"$conf" <<CONF
[options]
addons_path = $ODOO_SRC/odoo/addons,$BUILD_DIR/addons
data_dir = $BUILD_DIR/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER_ODOO
db_password = False
list_db = True
CONF
    printf '%s' "$conf"
}
