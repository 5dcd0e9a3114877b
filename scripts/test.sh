#!/usr/bin/env bash
# Installs everything the tests need, builds with AddressSanitizer + UndefinedBehaviorSanitizer,
# starts a throw-away MariaDB and Redis on loopback, runs every suite through ctest, and stops
# the services again. The last line printed is ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

scripts/install-deps.sh --test
(cd tests && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# node-addon-api for the Node binding (bindings/node), built by CMake into im_node.node.
(cd bindings/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
BUILD_DIR=build-test BUILD_TYPE=Debug scripts/build.sh -DIM_SANITIZE=ON

services_dir=$(mktemp -d /tmp/im-services.XXXXXX)
cleanup() {
  "$repo/scripts/services.sh" stop "$services_dir" >/dev/null 2>&1 || true
  rm -rf "$services_dir"
}
trap cleanup EXIT
scripts/services.sh start "$services_dir" >/dev/null
# shellcheck disable=SC1091
source "$services_dir/env.sh"

export TZ=UTC
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=23}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd build-test
ctest --output-on-failure --timeout 900 "$@"
