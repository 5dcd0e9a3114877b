#!/usr/bin/env bash
# ctest deb_packages (issue 15): builds the Debian packages from the build tree
# (scripts/package.sh), installs them with dpkg -i, checks what they hold, starts the installed
# im_server as the im user with the installed /etc/im/im.env as a plain process (no systemd) and
# checks /healthz, /api/docs and the admin commands, verifies the unit with systemd-analyze and
# the logrotate file with logrotate -d where they are installed, builds a program with
# `pkg-config --cflags --libs im`, then removes the packages and checks that the data stayed.
# Needs root and dpkg: otherwise it exits 77 (ctest: skipped).
# Environment: BUILD_DIR, WORK_DIR, SOURCE_DIR, CXX, SANITIZE (ON: the tree is ASan-built).
set -euo pipefail

skip() {
  echo "SKIP: $*"
  exit 77
}
[[ $(id -u) -eq 0 ]] || skip "needs root for dpkg -i"
for tool in dpkg dpkg-deb dpkg-shlibdeps cpack pkg-config curl setpriv; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done

: "${BUILD_DIR:?}" "${WORK_DIR:?}" "${SOURCE_DIR:?}"
CXX=${CXX:-c++}
marker=/var/tmp/im-deb-packages-test.installed  # im-server installed by this test, not by hand

# One run at a time on a machine (dpkg has one database).
exec 9>/var/tmp/im-deb-packages-test.lock
flock 9
if dpkg-query -W -f='${Status}' im-server 2>/dev/null | grep -q "ok installed" && [[ ! -e $marker ]]; then
  skip "im-server is installed on this machine; the test does not touch it"
fi

rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR"
server_pid=""
user_existed=0
getent passwd im >/dev/null && user_existed=1
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  dpkg --purge im-server libim-dev >/dev/null 2>&1 || true
  rm -rf /var/lib/im /var/log/im "$marker"
  if [[ $user_existed == 0 ]] && getent passwd im >/dev/null; then
    userdel im 2>/dev/null || true
    groupdel im 2>/dev/null || true
  fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

step=$SECONDS
BUILD_DIR=$BUILD_DIR PACKAGE_DIR=$WORK_DIR/debs IM_DEB_COMPRESSION=zstd \
  "$SOURCE_DIR/scripts/package.sh" >"$WORK_DIR/debs.txt"
mapfile -t debs <"$WORK_DIR/debs.txt"
server_deb=$(printf '%s\n' "${debs[@]}" | grep '/im-server_')
dev_deb=$(printf '%s\n' "${debs[@]}" | grep '/libim-dev_')
echo "packages built in $((SECONDS - step)) s: ${debs[*]}"

# --- what the packages declare and hold
depends=$(dpkg-deb -f "$server_deb" Depends)
echo "im-server Depends: $depends"
# From dpkg-shlibdeps: the C++ runtime and the libraries the binary links.
for lib in libc6 libstdc++6 libssl3 libprotobuf32 libsqlite3-0 libmariadb3 libhiredis; do
  grep -q "$lib" <<<"$depends" || fail "im-server does not depend on $lib"
done
grep -q adduser <<<"$depends" || fail "im-server does not depend on adduser"
dpkg-deb --ctrl-tarfile "$server_deb" | tar -xO ./conffiles >"$WORK_DIR/conffiles"
grep -qx /etc/im/im.env "$WORK_DIR/conffiles" || fail "/etc/im/im.env is not a conffile"
grep -qx /etc/logrotate.d/im-server "$WORK_DIR/conffiles" || fail "the logrotate file is not a conffile"
dpkg-deb -c "$server_deb" >"$WORK_DIR/server.list"
dpkg-deb -c "$dev_deb" >"$WORK_DIR/dev.list"
for f in ./usr/bin/im_server ./usr/lib/systemd/system/im-server.service ./etc/im/im.env \
  ./etc/logrotate.d/im-server ./usr/share/im/swagger-ui/swagger-ui-bundle.js \
  ./usr/share/doc/im-server/operations.md; do
  grep -q " $f\$" "$WORK_DIR/server.list" || fail "im-server lacks $f"
done
for f in ./usr/include/im/engine.hpp '/libim.a' '/libim_sqlite.a' '/pkgconfig/im.pc' \
  '/pkgconfig/im-sqlite.pc' '/cmake/im/imConfig.cmake'; do
  grep -q "$f\$" "$WORK_DIR/dev.list" || fail "libim-dev lacks $f"
done

# --- install
step=$SECONDS
touch "$marker"
DEBIAN_FRONTEND=noninteractive dpkg -i "$server_deb" "$dev_deb"
echo "installed in $((SECONDS - step)) s"
getent passwd im >/dev/null || fail "no im user after install"
[[ ! -e /etc/systemd/system/multi-user.target.wants/im-server.service ]] ||
  fail "the unit was enabled by a first install (CLIENTORIGIN is not set yet)"
[[ $(stat -c %U /var/lib/im) == im ]] || fail "/var/lib/im is not owned by im"
[[ $(stat -c '%a %U %G' /etc/im/secret_key) == "640 root im" ]] ||
  fail "/etc/im/secret_key: $(stat -c '%a %U %G' /etc/im/secret_key)"
unit=/usr/lib/systemd/system/im-server.service
if command -v systemd-analyze >/dev/null; then
  # Offline: checks the unit's syntax, its directives and that ExecStart exists.
  systemd-analyze verify "$unit" || fail "systemd-analyze verify $unit"
  echo "systemd-analyze verify: ok"
else
  echo "systemd-analyze not installed: unit not verified"
fi

if command -v logrotate >/dev/null; then
  # Debug mode: reads and checks the file, rotates nothing.
  logrotate -d -s "$WORK_DIR/logrotate.state" /etc/logrotate.d/im-server >"$WORK_DIR/logrotate.out" 2>&1 ||
    fail "logrotate -d /etc/logrotate.d/im-server: $(cat "$WORK_DIR/logrotate.out")"
  grep -qi "error" "$WORK_DIR/logrotate.out" && fail "logrotate: $(cat "$WORK_DIR/logrotate.out")"
  echo "logrotate -d: ok"
fi

# --- the admin commands of the installed binary, as the service user with the installed file
# setpriv execs the command as im (no process in between that would take the signals).
as_im() { setpriv --reuid=im --regid=im --init-groups -- "$@"; }
env_file=(--env-file /etc/im/im.env --clientorigin http://localhost:1212)
as_im /usr/bin/im_server version | grep -q "^im_server [0-9]" || fail "im_server version"
as_im /usr/bin/im_server migrate "${env_file[@]}" | grep -q "schema up to date" ||
  fail "im_server migrate"
config=$(as_im /usr/bin/im_server check-config "${env_file[@]}")
grep -qx "SQLITE_PATH=/var/lib/im/im.db" <<<"$config" || fail "check-config: $config"
grep -qx "SECRET_KEY=\*\*\*\*\*\*\*\*" <<<"$config" || fail "check-config does not mask SECRET_KEY"
grep -q "$(cat /etc/im/secret_key)" <<<"$config" && fail "check-config shows the secret"
echo 'admin-password-1' | as_im /usr/bin/im_server create-admin 13900000001 "${env_file[@]}" |
  grep -q "created admin 13900000001" || fail "im_server create-admin"

# --- the installed server as a plain process
log=$WORK_DIR/im_server.log
(cd /var/lib/im && exec setpriv --reuid=im --regid=im --init-groups -- /usr/bin/im_server \
  "${env_file[@]}" --port 0) >"$log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port=$(grep -o 'listening on http://[^ ]*' "$log" | grep -o '[0-9]*$' || true)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || fail "im_server exited: $(cat "$log")"
  sleep 0.1
done
[[ -n $port ]] || fail "im_server did not start: $(cat "$log")"
health=$(curl -sf "http://127.0.0.1:$port/healthz") || fail "/healthz failed"
grep -q '"status":"ok"' <<<"$health" || fail "/healthz: $health"
curl -sf -o /dev/null "http://127.0.0.1:$port/api/docs/swagger-ui-bundle.js" ||
  fail "/api/docs assets not served from /usr/share/im/swagger-ui"
login=$(curl -sf -H 'Content-Type: application/json' \
  -d '{"account":"13900000001","pwd":"admin-password-1"}' "http://127.0.0.1:$port/api/v1/users/login") ||
  fail "login of the created admin"
grep -q '"roleName":"admin"' <<<"$login" || fail "the created user is not an admin: $login"
kill -TERM "$server_pid"
wait "$server_pid" || fail "im_server exited with $? after SIGTERM: $(cat "$log")"
server_pid=""
echo "installed im_server served /healthz on port $port"

# --- pkg-config consumers: the core alone (im), and the consumer of install_consumer, which
# runs an Engine on the embedded store (im-sqlite, which brings im)
flags=()
[[ ${SANITIZE:-OFF} == ON ]] && flags=(-fsanitize=address,undefined)
cat >"$WORK_DIR/core_consumer.cpp" <<'CPP'
#include <cstdio>
#include "im/codec.hpp"
int main() {
  auto ack = im::codec::decode_ack(im::codec::encode(im::codec::ack_success()));
  if (!ack || ack->status_code != 200) return 1;
  std::puts("core consumer ok");
}
CPP
# shellcheck disable=SC2046
"$CXX" -std=c++20 "${flags[@]}" -o "$WORK_DIR/core_consumer" "$WORK_DIR/core_consumer.cpp" \
  $(pkg-config --cflags --libs im)
"$WORK_DIR/core_consumer" | grep -q "core consumer ok" || fail "the pkg-config consumer of im"
# shellcheck disable=SC2046
"$CXX" -std=c++20 "${flags[@]}" -o "$WORK_DIR/pc_consumer" \
  "$SOURCE_DIR/tests/install/consumer/main.cpp" $(pkg-config --cflags --libs im-sqlite)
"$WORK_DIR/pc_consumer" | grep -q "consumer ok" || fail "the pkg-config consumer of im-sqlite"
echo "pkg-config consumers: ok"

# --- removal keeps the data
[[ -s /var/lib/im/im.db ]] || fail "no database in /var/lib/im"
dpkg -r im-server libim-dev
[[ ! -e /usr/bin/im_server ]] || fail "/usr/bin/im_server left after removal"
[[ -s /var/lib/im/im.db ]] || fail "removing the package removed the data"
[[ -e /etc/im/im.env ]] || fail "removing (not purging) removed the configuration"
echo "removal kept /var/lib/im"
echo "deb_packages: all checks passed"
