#!/usr/bin/env bash
# Installs the build dependencies, builds, and runs im_server on port 3000 with the embedded
# default (SQLite file + in-process cache; no MariaDB or Redis). Settings come from .env.dev
# (NODE_ENV=dev), the environment and flags passed to this script (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD_DIR=build scripts/build.sh -DIM_BUILD_TESTS=OFF -DIM_BUILD_EXAMPLES=OFF -DIM_BUILD_BENCH=OFF \
  -DIM_BUILD_NODE_BINDING=OFF
mkdir -p var
# A persistent secret so that tokens survive restarts; never a built-in default (S17).
if [[ -z "${SECRET_KEY:-}" ]]; then
  [[ -s var/secret_key ]] || (umask 077 && openssl rand -hex 32 > var/secret_key)
  export SECRET_KEY=$(cat var/secret_key)
fi
export NODE_ENV=${NODE_ENV:-dev}
exec build/server/im_server --sqlite-path "${SQLITE_PATH:-var/im.db}" "$@"
