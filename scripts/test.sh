#!/usr/bin/env bash
# Installs everything the tests need, then
#  1. builds with ThreadSanitizer into build-tsan (no examples, benchmark or Node binding) and
#     runs the suites labelled unit, storage and integration there: any report fails the run;
#  2. builds the libFuzzer targets with clang into build-fuzz and runs each for FUZZ_SECONDS
#     (scripts/fuzz.sh): a crash or sanitizer report fails the run;
#  3. builds with AddressSanitizer + UndefinedBehaviorSanitizer into build-test and runs every
#     suite through ctest.
# ctest itself starts a throw-away MariaDB and Redis on loopback (scripts/services.sh, a test
# fixture) and stops them at the end of each run. A failing TSan run stops the script there
# (exit status non-zero), as does a failing fuzz target; otherwise the last line printed is the
# summary of the full ctest run. IM_SKIP_TSAN=1 skips step 1, IM_SKIP_FUZZ=1 step 2 (local runs).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
(cd tests && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# node-addon-api for the Node binding (bindings/node), built by CMake into im_node.node.
(cd bindings/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
export TZ=UTC

if [[ "${IM_SKIP_TSAN:-0}" != 1 ]]; then
  tsan_start=$SECONDS
  # -O1: TSan at -O0 is several times slower to run; -O2 takes longer to build.
  BUILD_DIR=build-tsan BUILD_TYPE=Debug scripts/build.sh -DIM_TSAN=ON -DIM_SANITIZE=OFF \
    -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DCMAKE_C_FLAGS_DEBUG="-g -O1" \
    -DIM_BUILD_EXAMPLES=OFF -DIM_BUILD_BENCH=OFF -DIM_BUILD_NODE_BINDING=OFF
  # exitcode: a report in an im_server spawned by the Node tests makes it exit non-zero, which
  # the harness (tests/integration/harness.mjs) turns into a failed test.
  (cd build-tsan &&
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 exitcode=66 ${TSAN_OPTIONS:-}" \
      ctest --output-on-failure --timeout 900 -LE '^(browser|install|node|examples)$')
  echo "ThreadSanitizer run: $((SECONDS - tsan_start)) s"
fi

if [[ "${IM_SKIP_FUZZ:-0}" != 1 ]]; then
  fuzz_start=$SECONDS
  scripts/fuzz.sh
  echo "Fuzz run: $((SECONDS - fuzz_start)) s"
fi

BUILD_DIR=build-test BUILD_TYPE=Debug scripts/build.sh -DIM_SANITIZE=ON
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=23}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd build-test
ctest --output-on-failure --timeout 900 "$@"
