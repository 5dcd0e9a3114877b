# Installation layout of the Debian packages and the CPack settings that build them
# (scripts/package.sh; docs/operations.md "Debian packages"):
#   im-server  (component server): /usr/bin/im_server, the systemd unit, /etc/im/im.env, the
#              logrotate file, the Swagger UI files, the operator docs;
#   libim-dev  (component libim):  headers, libim.a and libim_sqlite.a, the CMake package
#              (libim/CMakeLists.txt), im.pc and im-sqlite.pc for pkg-config.
# Included from the top-level CMakeLists.txt after libim/ and server/.
include(GNUInstallDirs)

set(IM_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)

# --- im-server

install(FILES ${IM_PACKAGING_DIR}/im-server.service DESTINATION lib/systemd/system
  COMPONENT server)
# /etc whatever the prefix: these are the package's paths (conffiles, packaging/conffiles).
install(FILES ${IM_PACKAGING_DIR}/im.env DESTINATION /etc/im COMPONENT server)
install(FILES ${IM_PACKAGING_DIR}/im-server.logrotate DESTINATION /etc/logrotate.d
  RENAME im-server COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/configuration.md
  ${PROJECT_SOURCE_DIR}/docs/grafana-dashboard.json
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/im-server COMPONENT server)

# The files /api/docs serves (server/openapi/swagger_assets.cpp), from the copy `npm ci` put
# in server/swagger (scripts/build.sh).
set(IM_SWAGGER_DIST ${PROJECT_SOURCE_DIR}/server/swagger/node_modules/swagger-ui-dist)
if(EXISTS ${IM_SWAGGER_DIST}/swagger-ui-bundle.js)
  install(FILES ${IM_SWAGGER_DIST}/swagger-ui.css ${IM_SWAGGER_DIST}/swagger-ui-bundle.js
    ${IM_SWAGGER_DIST}/swagger-ui-standalone-preset.js ${IM_SWAGGER_DIST}/favicon-32x32.png
    ${IM_SWAGGER_DIST}/favicon-16x16.png ${IM_SWAGGER_DIST}/LICENSE
    DESTINATION ${CMAKE_INSTALL_DATADIR}/im/swagger-ui COMPONENT server)
else()
  message(STATUS "swagger-ui-dist not installed (npm ci --prefix server/swagger): the im-server "
    "package will lack the Swagger UI files")
endif()

# --- libim-dev: pkg-config files, one per library as in the CMake package: im.pc for the core
# (im::im), im-sqlite.pc for the embedded store (im::sqlite; Requires: im). The libraries are
# static, so their dependencies are public for pkg-config; the prefix is found from the .pc
# file's own place, so the files are right under any install prefix (the package's /usr, or a
# throw-away one).
file(RELATIVE_PATH IM_PC_PREFIX_FROM_PCDIR
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" IM_PC_PREFIX_FROM_PCDIR "${IM_PC_PREFIX_FROM_PCDIR}")
configure_file(${IM_PACKAGING_DIR}/im.pc.in ${PROJECT_BINARY_DIR}/im.pc @ONLY)
configure_file(${IM_PACKAGING_DIR}/im-sqlite.pc.in ${PROJECT_BINARY_DIR}/im-sqlite.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/im.pc ${PROJECT_BINARY_DIR}/im-sqlite.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT libim)

# --- CPack: one .deb per component.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME im)
set(CPACK_PACKAGE_VENDOR "im")
set(CPACK_PACKAGE_CONTACT "im maintainers <im@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL server libim)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
if(NOT CPACK_DEBIAN_COMPRESSION_TYPE)
  set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
endif()

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME im-server)
set(CPACK_COMPONENT_SERVER_DESCRIPTION "im instant-messaging server
im_server speaks the HTTP API and the Socket.IO protocol of the IM service on one port, with
embedded SQLite storage or MariaDB and Redis. The package runs it under systemd as the im user
(im-server.service, settings in /etc/im/im.env).")
# Depends: computed by dpkg-shlibdeps from the binary's shared libraries; adduser for the user.
set(CPACK_DEBIAN_SERVER_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "ffmpeg")
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "mariadb-server, redis-server, logrotate")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  ${IM_PACKAGING_DIR}/postinst ${IM_PACKAGING_DIR}/prerm ${IM_PACKAGING_DIR}/postrm
  ${IM_PACKAGING_DIR}/conffiles)

set(CPACK_DEBIAN_LIBIM_PACKAGE_NAME libim-dev)
set(CPACK_DEBIAN_LIBIM_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_LIBIM_DESCRIPTION "im core library (development files)
libim, the embeddable instant-messaging core, and libim_sqlite, its embedded SQLite store:
headers, static libraries, a CMake package (find_package(im COMPONENTS sqlite)) and im.pc,
im-sqlite.pc for pkg-config.")
# A static library: what links against it needs the development packages of its dependencies.
set(CPACK_DEBIAN_LIBIM_PACKAGE_DEPENDS
  "libboost-json1.81-dev, libprotobuf-dev, libssl-dev, libsqlite3-dev, libfmt-dev, libcrypt-dev, pkg-config")

include(CPack)
