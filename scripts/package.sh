#!/usr/bin/env bash
# Builds the Debian packages im-server and libim-dev with CPack into PACKAGE_DIR (default
# packages/). By default it installs the build dependencies (scripts/install-deps.sh) and
# configures its own release tree build-pkg (no tests, examples, benchmark or Node binding;
# prefix /usr, so libraries go to /usr/lib/<multiarch>). BUILD_DIR=DIR packages an already
# configured tree instead (the install test does so with the test build; a tree configured with
# another prefix puts them in /usr/lib). Extra arguments go to cmake when configuring.
# Prints the paths of the .deb files, one a line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
package_dir=$(realpath -m "${PACKAGE_DIR:-packages}")

if [[ -z "${BUILD_DIR:-}" ]]; then
  scripts/install-deps.sh >&2
  build_dir=build-pkg
  BUILD_DIR=$build_dir BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} scripts/build.sh \
    -DIM_BUILD_TESTS=OFF -DIM_BUILD_EXAMPLES=OFF -DIM_BUILD_BENCH=OFF -DIM_BUILD_NODE_BINDING=OFF \
    -DCMAKE_INSTALL_PREFIX=/usr "$@" >&2
else
  build_dir=$BUILD_DIR
  export CCACHE_BASEDIR=$root
  cmake --build "$build_dir" --target im im_server >&2
fi

mkdir -p "$package_dir"
rm -f "$package_dir"/im-server_*.deb "$package_dir"/libim-dev_*.deb
# CPACK_DEBIAN_COMPRESSION_TYPE: xz for releases; the install test asks for zstd (faster).
(cd "$build_dir" && cpack -G DEB -B "$package_dir" \
  -D CPACK_DEBIAN_COMPRESSION_TYPE="${IM_DEB_COMPRESSION:-xz}" >&2)
rm -rf "$package_dir/_CPack_Packages"
ls "$package_dir"/im-server_*.deb "$package_dir"/libim-dev_*.deb
