# The git revision `xvrrp --version` prints. It is read at every build (not
# only at configure), so a commit without a reconfigure still shows; the
# header is rewritten only when the text changes, so nothing rebuilds
# needlessly. A tree without .git (a release tarball) says "unknown".
set(XVRRP_VERSION_HEADER ${CMAKE_BINARY_DIR}/gen/xvrrp_build_version.h)
add_custom_target(xvrrp_version_header
  COMMAND ${CMAKE_COMMAND}
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DOUTPUT=${XVRRP_VERSION_HEADER}
          -DVERSION=${PROJECT_VERSION}
          -P ${PROJECT_SOURCE_DIR}/cmake/XvrrpVersionWrite.cmake
  BYPRODUCTS ${XVRRP_VERSION_HEADER}
  COMMENT "version header"
  VERBATIM)
add_library(xvrrp_version INTERFACE)
add_dependencies(xvrrp_version xvrrp_version_header)
target_include_directories(xvrrp_version INTERFACE ${CMAKE_BINARY_DIR}/gen)
