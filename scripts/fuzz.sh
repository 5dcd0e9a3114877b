#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) into FUZZ_BUILD_DIR
# (default build-fuzz) and runs each one for FUZZ_SECONDS (default 20) from a scratch copy of its
# seed corpus (tests/fuzz/corpus/<target>), so the repository stays clean. Exits non-zero when a
# target crashes, leaks, times out or breaks an invariant; the input is kept in
# FUZZ_BUILD_DIR/fuzz-artifacts and the log in FUZZ_BUILD_DIR/fuzz-logs. Arguments: target names
# without the fuzz_ prefix (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-20}
export CCACHE_BASEDIR=$PWD

scripts/install-deps.sh --fuzz
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIM_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j"${FUZZ_BUILD_JOBS:-2}"

targets=("$@")
if ((${#targets[@]} == 0)); then
  for dir in tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi
artifacts=$PWD/$build_dir/fuzz-artifacts
logs=$PWD/$build_dir/fuzz-logs
mkdir -p "$artifacts" "$logs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed=()
for name in "${targets[@]}"; do
  mkdir -p "$work/$name"
  cp tests/fuzz/corpus/"$name"/* "$work/$name"/
  # -timeout: one input taking seconds is a hang worth a report, not a slow machine.
  # -seed: CI replays the same mutations each run (FUZZ_SEED=0 picks a new seed for exploring),
  # so a red run is a change's doing, not the luck of the draw.
  if "$build_dir/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -seed="${FUZZ_SEED:-1}" \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$work/$name" >"$logs/$name.log" 2>&1; then
    # The last status line: "#<runs> DONE cov: .. ft: .. corp: .. exec/s: .."
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$logs/$name.log" | tail -1 | tr -s '\t ' ' ' || true)
    echo "fuzz_$name: ok  ${done_line}"
  else
    echo "fuzz_$name: FAILED (log: $logs/$name.log)"
    grep -E 'ERROR: |SUMMARY: |fuzz invariant|Test unit written' "$logs/$name.log" | head -5 || true
    failed+=("$name")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz targets failed: ${failed[*]} (inputs in $artifacts)" >&2
  exit 1
fi
