# shellcheck shell=bash
# Use the PostgreSQL server the machine runs; when none answers, start a throwaway cluster in the
# build folder (installing Debian's postgresql package if needed) and stop it on exit.

THROWAWAY_PGPORT=${THROWAWAY_PGPORT:-54329}
STARTED_CLUSTER=

pg_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_throwaway_cluster() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bindir" ]; then
        log "no PostgreSQL binaries: installing Debian's postgresql package"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    local data="$BUILD_DIR/pgdata"
    mkdir -p "$BUILD_DIR"
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown postgres "$data"
        as_postgres "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 >/dev/null
    fi
    [ "$(id -u)" = 0 ] && chown -R postgres "$data"
    # a cluster left running by an interrupted run is reused (and stopped at the end)
    if ! pg_isready -q -h 127.0.0.1 -p "$THROWAWAY_PGPORT"; then
        as_postgres "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
            -o "-p $THROWAWAY_PGPORT -c listen_addresses=127.0.0.1 -k /tmp" start >/dev/null
    fi
    STARTED_CLUSTER="$bindir/pg_ctl -D $data"
    PGHOST=127.0.0.1
    PGPORT=$THROWAWAY_PGPORT
    export PGHOST PGPORT
    log "started a throwaway PostgreSQL cluster on $PGHOST:$PGPORT"
}

stop_throwaway_cluster() {
    if [ -n "$STARTED_CLUSTER" ]; then
        log "stopping the throwaway PostgreSQL cluster"
        as_postgres $STARTED_CLUSTER -m fast stop >/dev/null || true
        STARTED_CLUSTER=
    fi
}

ensure_postgres() {
    if pg_answers; then
        log "using the PostgreSQL server on $PGHOST:$PGPORT"
    else
        start_throwaway_cluster
    fi
    # Odoo refuses to run as the postgres superuser: use (and create) a dedicated role.
    if ! psql -U postgres -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PGUSER_ODOO'" \
        | grep -q 1; then
        psql -q -U postgres -d postgres -c "CREATE ROLE $PGUSER_ODOO LOGIN CREATEDB"
    fi
}
