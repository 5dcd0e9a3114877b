# ctest install_consumer: installs the build tree into a throw-away prefix with `cmake --install`
# and builds an out-of-tree program that finds the library with find_package(im COMPONENTS
# sqlite), then runs it, and builds and runs the walkthrough of docs/embedding.md
# (examples/embed_hub/main.cpp) the same way. The core's own targets must not depend on SQLite (only the component).
# Arguments: SOURCE_DIR, BUILD_DIR, WORK_DIR, GENERATOR, CXX, SANITIZE.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message("${out}")
endfunction()

# Only what an embedding program needs: the libim component (headers, library, package files).
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --component libim)
foreach(f include/im/engine.hpp include/im/codec.hpp include/im/storage/user_store.hpp
          include/im/sqlite_storage.hpp lib/cmake/im/imConfig.cmake lib/cmake/im/imTargets.cmake
          lib/cmake/im/imSqliteTargets.cmake)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(READ ${prefix}/lib/cmake/im/imTargets.cmake core_targets)
if(core_targets MATCHES "SQLite")
  message(FATAL_ERROR "the core target im::im depends on SQLite; only im::sqlite may")
endif()
file(GLOB_RECURSE leaked ${prefix}/include/*.pb.h ${prefix}/include/server/*)
if(leaked)
  message(FATAL_ERROR "private headers installed: ${leaked}")
endif()
# The public headers stay light (issue 16 item 6): JSON and formatting live inside the library.
file(GLOB_RECURSE public_headers ${prefix}/include/im/*.hpp)
foreach(h ${public_headers})
  file(STRINGS ${h} heavy REGEX "#include <(boost/json|fmt/)")
  if(heavy)
    message(FATAL_ERROR "public header includes Boost.JSON or fmt: ${h}: ${heavy}")
  endif()
endforeach()

set(flags "")
if(SANITIZE)
  set(flags "-fsanitize=address,undefined")
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Debug
    "-DCMAKE_CXX_FLAGS=${flags}" "-DCMAKE_EXE_LINKER_FLAGS=${flags}"
    -DWALKTHROUGH_SOURCE=${SOURCE_DIR}/examples/embed_hub/main.cpp)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/im_consumer)
run(${WORK_DIR}/build/im_walkthrough)
