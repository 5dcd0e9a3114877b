#!/usr/bin/env bash
# Installs the Debian 12 packages needed to build (and, with --test, to test; with --fuzz, to
# fuzz) im.
# Safe to run again: only missing packages are installed.
set -euo pipefail

build_packages=(build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libprotobuf-dev protobuf-compiler libssl-dev libfmt-dev libcxxopts-dev
  libsqlite3-dev libmariadb-dev libhiredis-dev libcrypt-dev
  nodejs npm  # npm installs the Swagger UI files served at /api/docs
  dpkg-dev file)  # scripts/package.sh: CPack computes Depends with dpkg-shlibdeps (and file)
# chromium: the headless-browser check of the Electron client's flow (tests/browser).
# openssl: the TLS test makes its self-signed certificate with the CLI.
# prometheus: promtool checks GET /metrics (tests/integration/observability.test.mjs).
# adduser, systemd, logrotate: the Debian package test (tests/install/deb_packages.sh): adduser
# for the package's user, systemd-analyze to verify the unit, logrotate to check its file.
test_packages=(catch2 mariadb-server mariadb-client redis-server curl sqlite3 ffmpeg
  chromium openssl prometheus adduser systemd logrotate)
# clang with its compiler-rt (libFuzzer, ASan, UBSan; only a Recommends of clang) for the fuzz
# targets (scripts/fuzz.sh). --fuzz installs just these on top of the build packages.
fuzz_packages=(clang libclang-rt-14-dev)

packages=("${build_packages[@]}")
[[ "${1:-}" == "--test" ]] && packages+=("${test_packages[@]}" "${fuzz_packages[@]}")
[[ "${1:-}" == "--fuzz" ]] && packages+=("${fuzz_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The machine's own Node.js may come from elsewhere than apt; accept it when it is new enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
# The Node binding needs node_api.h: Debian's nodejs ships it in libnode-dev.
if [[ "${1:-}" == "--test" && ! -f /usr/include/node/node_api.h && ! -f /usr/local/include/node/node_api.h ]]; then
  missing+=(libnode-dev)
fi
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
