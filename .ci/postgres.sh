# Sourced by .ci/run: starts a throwaway PostgreSQL for the server's tests (its model store and job
# queue), in a temporary folder on a free port of 127.0.0.1, exports BPNN_TEST_DATABASE_URL and
# BPNN_REQUIRE_DATABASE=1 (a test that cannot reach it fails rather than skips), and stops it and
# deletes the folder when the script exits. Installs Debian's postgresql when it is missing.
start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] && ! command -v initdb >/dev/null && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql) >/dev/null 2>&1 \
      || echo "note: could not install postgresql; the PostgreSQL tests will fail"
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  export BPNN_REQUIRE_DATABASE=1
  [ -n "$bin" ] && PATH="$bin:$PATH"
  command -v initdb >/dev/null || return 0
  PG_TEST_DIR=$(mktemp -d /tmp/bpnn-ci-postgres.XXXXXX)
  local port run=()
  port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
  # PostgreSQL refuses to run as root: as root, run it as the postgres user.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_TEST_DIR"
    run=(runuser -u postgres --)
  fi
  PG_TEST_RUN=("${run[@]}")
  "${run[@]}" initdb -D "$PG_TEST_DIR/data" -A trust -U postgres >/dev/null
  "${run[@]}" pg_ctl -D "$PG_TEST_DIR/data" -w -l "$PG_TEST_DIR/log" \
    -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  trap stop_test_postgres EXIT
  export BPNN_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL for the tests: $BPNN_TEST_DATABASE_URL"
}

stop_test_postgres() {
  "${PG_TEST_RUN[@]}" pg_ctl -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
}
