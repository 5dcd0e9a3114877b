#!/usr/bin/env bash
# Throw-away MariaDB and Redis for the test suites (issue 4, item 5): no systemd, loopback only,
# everything (data, sockets, pid files, logs) under one directory.
#
#   scripts/services.sh start <dir>    install if missing, start both, write <dir>/env.sh
#   scripts/services.sh stop <dir>     stop both (data stays; `rm -rf <dir>` to discard)
#   scripts/services.sh status <dir>
#
# Ports: IM_TEST_DB_PORT (default 33306) and IM_TEST_REDIS_PORT (default 36379).
# Idempotent: starting what already runs, or stopping what is stopped, does nothing.
set -euo pipefail

DB_PORT="${IM_TEST_DB_PORT:-33306}"
REDIS_PORT="${IM_TEST_REDIS_PORT:-36379}"
DB_NAME=im_test
DB_USER=im
DB_PASS=im

die() { echo "services.sh: $*" >&2; exit 1; }
log() { echo "services.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

find_bin() {
  local name
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    for dir in /usr/sbin /usr/local/sbin /usr/bin; do
      if [ -x "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
    done
  done
  return 1
}

ensure_packages() {
  local missing=()
  find_bin mariadbd mysqld >/dev/null || missing+=(mariadb-server)
  find_bin mariadb-install-db mysql_install_db >/dev/null || missing+=(mariadb-server)
  find_bin redis-server >/dev/null || missing+=(redis-server)
  find_bin redis-cli >/dev/null || missing+=(redis-tools)
  [ ${#missing[@]} -eq 0 ] && return 0
  # Unique package names; apt-get update only when something must be installed.
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

db_client() {
  local client
  client="$(find_bin mariadb mysql)" || die "no mariadb client"
  "$client" --no-defaults --protocol=socket --socket="$DIR/mariadb/mysqld.sock" -uroot "$@"
}

# A server of an earlier run may still be letting go of the port (it stopped, or a test
# restarted it): wait up to 30 s for the port to be free before starting one here.
wait_port_free() {
  local port="$1" i
  for i in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 0
    sleep 0.1
  done
  log "port $port still in use after 30 s"
}

port_serves_db() {
  local client
  client="$(find_bin mariadb mysql)" || return 1
  "$client" --no-defaults --protocol=tcp -h127.0.0.1 -P"$DB_PORT" -u"$DB_USER" -p"$DB_PASS" \
    "$DB_NAME" -e 'SELECT 1' >/dev/null 2>&1
}

start_mariadb() {
  local data="$DIR/mariadb/data" pidfile="$DIR/mariadb/mysqld.pid"
  mkdir -p "$DIR/mariadb"
  if pid_alive "$pidfile"; then
    log "mariadb already running (pid $(cat "$pidfile"))"
  elif port_serves_db; then
    # Started by someone else (another directory, e.g. by CI): reuse it as it is.
    log "mariadb already serving on 127.0.0.1:$DB_PORT; reusing it"
    return 0
  else
    wait_port_free "$DB_PORT"
    if [ ! -d "$data/mysql" ]; then
      local installer
      installer="$(find_bin mariadb-install-db mysql_install_db)"
      "$installer" --no-defaults --datadir="$data" --user="$(id -un)" \
        --auth-root-authentication-method=normal --skip-test-db \
        >"$DIR/mariadb/install.log" 2>&1 || { cat "$DIR/mariadb/install.log" >&2; die "mariadb-install-db failed"; }
    fi
    local server user_opt=()
    server="$(find_bin mariadbd mysqld)"
    [ "$(id -u)" -eq 0 ] && user_opt=(--user=root)
    # Small buffers: a test server, started and stopped often.
    nohup "$server" --no-defaults "${user_opt[@]}" --datadir="$data" \
      --bind-address=127.0.0.1 --port="$DB_PORT" --socket="$DIR/mariadb/mysqld.sock" \
      --pid-file="$pidfile" --log-error="$DIR/mariadb/error.log" \
      --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=64M \
      --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 \
      --innodb-autoinc-lock-mode=1 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
      --max-connections=500 >/dev/null 2>&1 &
  fi
  local i
  for i in $(seq 1 300); do
    if db_client -e 'SELECT 1' >/dev/null 2>&1; then break; fi
    if [ "$i" -eq 300 ]; then tail -n 30 "$DIR/mariadb/error.log" >&2 || true; die "mariadb did not start"; fi
    sleep 0.1
  done
  db_client <<SQL
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
-- The conformance suite may use one database per test: im_test_<suffix>.
GRANT ALL PRIVILEGES ON \`${DB_NAME}\_%\`.* TO '$DB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\_%\`.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
SQL
  log "mariadb on 127.0.0.1:$DB_PORT (database $DB_NAME, user $DB_USER)"
}

start_redis() {
  local pidfile="$DIR/redis/redis.pid" cli
  mkdir -p "$DIR/redis"
  cli="$(find_bin redis-cli)"
  if pid_alive "$pidfile"; then
    log "redis already running (pid $(cat "$pidfile"))"
  elif [ "$("$cli" -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then
    log "redis already serving on 127.0.0.1:$REDIS_PORT; reusing it"
    return 0
  else
    "$(find_bin redis-server)" --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
      --pidfile "$pidfile" --logfile "$DIR/redis/redis.log" --dir "$DIR/redis" \
      --save '' --appendonly no >/dev/null
  fi
  local i
  for i in $(seq 1 100); do
    if [ "$("$cli" -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then break; fi
    [ "$i" -eq 100 ] && die "redis did not start"
    sleep 0.1
  done
  log "redis on 127.0.0.1:$REDIS_PORT"
}

write_env() {
  cat >"$DIR/env.sh" <<ENV
# Written by scripts/services.sh; source it before running the test suites.
export IM_TEST_DB_HOST=127.0.0.1
export IM_TEST_DB_PORT=$DB_PORT
export IM_TEST_DB_USER=$DB_USER
export IM_TEST_DB_PASS=$DB_PASS
export IM_TEST_DB_NAME=$DB_NAME
export IM_TEST_DB_SOCKET=$DIR/mariadb/mysqld.sock
export IM_TEST_REDIS_HOST=127.0.0.1
export IM_TEST_REDIS_PORT=$REDIS_PORT
ENV
}

stop_pidfile() {
  local pidfile="$1" name="$2" pid i
  pid_alive "$pidfile" || { log "$name not running"; return 0; }
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { log "$name stopped"; return 0; }
    sleep 0.1
  done
  log "$name did not stop in 30 s; killing"
  kill -9 "$pid" 2>/dev/null || true
}

status() {
  pid_alive "$DIR/mariadb/mysqld.pid" && echo "mariadb running" || echo "mariadb stopped"
  pid_alive "$DIR/redis/redis.pid" && echo "redis running" || echo "redis stopped"
}

[ $# -eq 2 ] || die "usage: $0 start|stop|status <dir>"
CMD="$1"
mkdir -p "$2"
DIR="$(cd "$2" && pwd)"
# Unix socket paths are limited to about 107 bytes.
[ ${#DIR} -lt 80 ] || die "directory path too long for a socket: $DIR"

case "$CMD" in
  start)
    ensure_packages
    start_mariadb
    start_redis
    write_env
    log "wrote $DIR/env.sh"
    ;;
  start-mariadb) ensure_packages; start_mariadb; write_env ;;
  start-redis) ensure_packages; start_redis; write_env ;;
  stop)
    stop_pidfile "$DIR/mariadb/mysqld.pid" mariadb
    stop_pidfile "$DIR/redis/redis.pid" redis
    ;;
  stop-mariadb) stop_pidfile "$DIR/mariadb/mysqld.pid" mariadb ;;
  stop-redis) stop_pidfile "$DIR/redis/redis.pid" redis ;;
  status) status ;;
  *) die "unknown command $CMD" ;;
esac
