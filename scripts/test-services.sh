#!/usr/bin/env bash
# Throwaway PostgreSQL + Redis for the scale-out tests (tests/integration/scale, the Postgres half of
# tests/unit/sync-server/store.test.ts, `npm run bench:scale`). Nothing is installed or touched outside $GW_SERVICES_DIR.
#
#   eval "$(scripts/test-services.sh start)"   # starts both, prints the env vars the tests read
#   npm test                                   # or: npx vitest run tests/integration/scale
#   scripts/test-services.sh stop
#
# Works as root (CI, a fresh Debian: PostgreSQL refuses to run as root, so the cluster runs as the `postgres`
# user) or as an ordinary user (the cluster runs as you). Fixed, non-default ports so a developer's own
# PostgreSQL (5432) or Redis (6379) is never used by mistake. Everything lives in a temp dir; `stop` removes it.
set -euo pipefail

DIR="${GW_SERVICES_DIR:-/tmp/gw-test-services}"
PG_PORT="${GW_TEST_PG_PORT:-54329}"
REDIS_PORT="${GW_TEST_REDIS_PORT:-63799}"
DB=groundwork_test

pg_bin() {
  # Debian keeps the server binaries out of PATH, one directory per major version; take the newest.
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  echo "test-services: PostgreSQL server binaries not found (Debian: apt-get install postgresql)" >&2
  exit 1
}

# Runs a PostgreSQL binary as the user that owns the cluster.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin="$(pg_bin)"
  command -v redis-server >/dev/null || { echo "test-services: redis-server not found (Debian: apt-get install redis-server)" >&2; exit 1; }
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" --shell /usr/sbin/nologin postgres
    chown postgres "$DIR"
  fi
  if [ ! -f "$DIR/pg/PG_VERSION" ]; then
    # trust on loopback only: a throwaway cluster for tests, bound to 127.0.0.1.
    as_pg "$bin/initdb" -D "$DIR/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
  if ! as_pg "$bin/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1; then
    # fsync off: test data is disposable and the machine is shared; the relay's own durability is not what is measured.
    as_pg "$bin/pg_ctl" -D "$DIR/pg" -l "$DIR/pg.log" -w -t 30 start \
      -o "-p $PG_PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" >/dev/null \
      || { cat "$DIR/pg.log" >&2; exit 1; }
  fi
  as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
    || as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB"
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
      --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --dir "$DIR" >/dev/null
    for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null || { cat "$DIR/redis.log" >&2; exit 1; }
  fi
  echo "export GW_TEST_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/$DB"
  echo "export GW_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  # The Redis-restart test runs its own redis-server (on a free port) so it can stop and start it.
  echo "export GW_TEST_REDIS_SERVER=$(command -v redis-server)"
}

stop() {
  if [ -f "$DIR/redis.pid" ]; then kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true; fi
  if [ -f "$DIR/pg/PG_VERSION" ]; then as_pg "$(pg_bin)/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$DIR"
  echo "test services stopped" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop   (start prints: export GW_TEST_PG_URL=… GW_TEST_REDIS_URL=… GW_TEST_REDIS_SERVER=…)" >&2; exit 2 ;;
esac
