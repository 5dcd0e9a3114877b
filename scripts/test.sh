#!/usr/bin/env bash
# Installs everything the tests need, builds with AddressSanitizer + UndefinedBehaviorSanitizer
# and runs every suite through ctest. ctest itself starts a throw-away MariaDB and Redis on
# loopback (scripts/services.sh, a test fixture) and stops them at the end. The last line printed
# is ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
(cd tests && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# node-addon-api for the Node binding (bindings/node), built by CMake into im_node.node.
(cd bindings/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
BUILD_DIR=build-test BUILD_TYPE=Debug scripts/build.sh -DIM_SANITIZE=ON

export TZ=UTC
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=23}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd build-test
ctest --output-on-failure --timeout 900 "$@"
