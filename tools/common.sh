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
# Filestores of the template databases, shared by every clone on this machine (a template
# database without its filestore would give copies with missing attachments).
TEMPLATE_FILESTORES=${TAOBAO_TEMPLATE_FILESTORES:-$HOME/.cache/$ADDON_NAME/template-filestores}
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

db_exists() {
    psql -U "$PGUSER_ODOO" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" \
        | grep -q 1
}

# A database with the addon's Odoo dependencies installed ("demo" or "nodemo"), plus the extra
# modules named in $2 (comma-separated, e.g. the Inventory flavour), kept between runs: copying it
# saves installing base, sale_management and purchase every time. Its name changes with Odoo's
# source, its pinned requirements, the manifest's depends and the extra modules.
dependencies_template() {
    local demo=$1 extra=${2:-} py="$VENV_DIR/bin/python" conf depends key name building
    conf="$BUILD_DIR/odoo.conf"
    depends=$("$py" -c "import ast; print(','.join(ast.literal_eval(open('$REPO_DIR/__manifest__.py').read())['depends']))")
    [ -n "$extra" ] && depends="$depends,$extra"
    # "shared-filestore": templates built before their filestores were shared are not reused
    key=$({ echo "$ODOO_SRC $depends $demo shared-filestore"; cat "$ODOO_SRC/odoo/release.py" \
        "$REPO_DIR/requirements-odoo.txt"; } | md5sum | cut -c1-10)
    name="${ADDON_NAME}_deps_${demo}_${key}"
    # a template left half-built (an install killed, or two builds racing) is rebuilt
    if db_exists "$name" && ! template_is_complete "$name"; then
        warn "template $name is incomplete: rebuilding it"
        dropdb -U "$PGUSER_ODOO" --if-exists "$name"
    fi
    if ! db_exists "$name"; then
        # a name of its own per build, so that two clones building at once never share one
        building="${name}_building_$$"
        log "building the template database $name ($depends, once)"
        dropdb -U "$PGUSER_ODOO" --if-exists "$building" 2>/dev/null
        local demo_flag=()
        [ "$demo" = nodemo ] && demo_flag=(--without-demo=all)
        "$py" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$building" -i "$depends" "${demo_flag[@]}" \
            --stop-after-init --no-http --log-level=warn >&2
        if ! template_is_complete "$building"; then
            dropdb -U "$PGUSER_ODOO" --if-exists "$building"
            warn "building the template database $name failed"
            return 1
        fi
        rm -rf "${TEMPLATE_FILESTORES:?}/$name"
        mkdir -p "$TEMPLATE_FILESTORES/$name"
        if [ -d "$BUILD_DIR/data/filestore/$building" ]; then
            cp -r "$BUILD_DIR/data/filestore/$building/." "$TEMPLATE_FILESTORES/$name/"
            rm -rf "$BUILD_DIR/data/filestore/$building"
        fi
        if ! psql -q -U "$PGUSER_ODOO" -d postgres \
            -c "ALTER DATABASE \"$building\" RENAME TO \"$name\"" 2>/dev/null; then
            # another build finished first: use its template
            dropdb -U "$PGUSER_ODOO" --if-exists "$building"
        fi
    fi
    printf '%s' "$name"
}

# True when database $1 has every module installed and none half-way (a complete template).
template_is_complete() {
    [ "$(psql -U "$PGUSER_ODOO" -d "$1" -tAc "SELECT count(*) FROM ir_module_module
        WHERE (name = 'base' AND latest_version IS NULL) OR state LIKE 'to %'" 2>/dev/null)" = 0 ]
}

# Create database $2 as a copy of template $1, with its filestore (shared by every clone).
copy_database() {
    createdb -U "$PGUSER_ODOO" -T "$1" "$2"
    if [ -d "$TEMPLATE_FILESTORES/$1" ]; then
        mkdir -p "$BUILD_DIR/data/filestore/$2"
        cp -r "$TEMPLATE_FILESTORES/$1/." "$BUILD_DIR/data/filestore/$2/"
    fi
}
