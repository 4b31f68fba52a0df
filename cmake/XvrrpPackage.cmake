# What a Debian package of xvrrp holds and how CPack builds it. The one
# documented entry point is scripts/package.sh (a Release build of its own,
# then `cpack -G DEB`); see docs/packaging.md.
#
# Man pages: docs/man/*.md through pandoc. xvrrp.conf(5) is its header plus
# docs/configuration.md itself, so the keyword list cannot drift.
set(XVRRP_MAINTAINER "xvrrp maintainers <xvrrp@users.noreply.github.com>")
find_program(XVRRP_PANDOC pandoc)
set(XVRRP_MAN_DIR ${CMAKE_BINARY_DIR}/man)  # tests/package reads it there
set(pandoc_man ${XVRRP_PANDOC} --standalone --from markdown --to man
    --lua-filter ${PROJECT_SOURCE_DIR}/packaging/man.lua
    --metadata "footer=xvrrp ${PROJECT_VERSION}")
if(XVRRP_PANDOC)
  add_custom_command(
    OUTPUT ${XVRRP_MAN_DIR}/xvrrp.8
    COMMAND ${CMAKE_COMMAND} -E make_directory ${XVRRP_MAN_DIR}
    COMMAND ${pandoc_man} ${PROJECT_SOURCE_DIR}/docs/man/xvrrp.8.md -o ${XVRRP_MAN_DIR}/xvrrp.8
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/xvrrp.8.md ${PROJECT_SOURCE_DIR}/packaging/man.lua
    COMMENT "man xvrrp.8"
    VERBATIM)
  # The reference's own title line goes; its sections become the page's.
  add_custom_command(
    OUTPUT ${XVRRP_MAN_DIR}/xvrrp.conf.5
    COMMAND ${CMAKE_COMMAND} -E make_directory ${XVRRP_MAN_DIR}
    COMMAND sh -c "h=$0 c=$1; shift; { cat \"$h\"; echo; sed 1d \"$c\"; } | \"$@\""
            ${PROJECT_SOURCE_DIR}/docs/man/xvrrp.conf.5.md
            ${PROJECT_SOURCE_DIR}/docs/configuration.md
            ${pandoc_man} --shift-heading-level-by=-1 -o ${XVRRP_MAN_DIR}/xvrrp.conf.5
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/xvrrp.conf.5.md ${PROJECT_SOURCE_DIR}/docs/configuration.md
            ${PROJECT_SOURCE_DIR}/packaging/man.lua
    COMMENT "man xvrrp.conf.5"
    VERBATIM)
  foreach(page xvrrp.8 xvrrp.conf.5)
    add_custom_command(
      OUTPUT ${XVRRP_MAN_DIR}/${page}.gz
      COMMAND sh -c "gzip -9n -c \"$0\" > \"$1\"" ${XVRRP_MAN_DIR}/${page} ${XVRRP_MAN_DIR}/${page}.gz
      DEPENDS ${XVRRP_MAN_DIR}/${page}
      VERBATIM)
  endforeach()
  add_custom_target(xvrrp_man ALL
    DEPENDS ${XVRRP_MAN_DIR}/xvrrp.8.gz ${XVRRP_MAN_DIR}/xvrrp.conf.5.gz)
  install(FILES ${XVRRP_MAN_DIR}/xvrrp.8.gz DESTINATION share/man/man8)
  install(FILES ${XVRRP_MAN_DIR}/xvrrp.conf.5.gz DESTINATION share/man/man5)
else()
  message(WARNING "pandoc not found: no man pages (scripts/deps.sh installs it)")
endif()

# Debian's changelog, stamped with the version and revision of this build.
# The package is native (no separate upstream tarball), so it is changelog.gz.
set(XVRRP_CHANGELOG ${CMAKE_BINARY_DIR}/packaging/changelog.gz)
add_custom_command(
  OUTPUT ${XVRRP_CHANGELOG}
  COMMAND ${CMAKE_COMMAND} -DIN=${PROJECT_SOURCE_DIR}/packaging/changelog.in
          -DOUT=${XVRRP_CHANGELOG} -DVERSION=${PROJECT_VERSION}
          -DHEADER=${XVRRP_VERSION_HEADER} "-DMAINTAINER=${XVRRP_MAINTAINER}"
          -P ${PROJECT_SOURCE_DIR}/cmake/XvrrpChangelog.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/packaging/changelog.in xvrrp_version_header
          ${XVRRP_VERSION_HEADER}
          ${PROJECT_SOURCE_DIR}/cmake/XvrrpChangelog.cmake
  COMMENT "changelog.gz"
  VERBATIM)
add_custom_target(xvrrp_changelog ALL DEPENDS ${XVRRP_CHANGELOG})

# Debian 12 keeps units in /lib (not /usr/lib) and configuration in /etc:
# absolute destinations, which CPack stages under DESTDIR.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/xvrrp.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/xvrrp.conf DESTINATION /etc/xvrrp)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/xvrrp.bash-completion
        DESTINATION share/bash-completion/completions RENAME xvrrp)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright ${XVRRP_CHANGELOG}
        ${PROJECT_SOURCE_DIR}/docs/configuration.md ${PROJECT_SOURCE_DIR}/docs/operations.md
        ${PROJECT_SOURCE_DIR}/docs/tracking.md ${PROJECT_SOURCE_DIR}/docs/packaging.md
        DESTINATION share/doc/xvrrp)

set(XVRRP_CONFFILES ${CMAKE_BINARY_DIR}/packaging/conffiles)
file(WRITE ${XVRRP_CONFFILES} "/etc/xvrrp/xvrrp.conf\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME xvrrp)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CONTACT ${XVRRP_MAINTAINER})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${XVRRP_CONFFILES})
# CPack puts the summary (the project's DESCRIPTION) on the first line and
# indents these lines.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "xvrrp runs VRRPv3 (RFC 9568) and VRRPv2 (RFC 3768) for IPv4 and IPv6 on
Linux gateways. An XDP program answers ARP and Neighbor Solicitations for
the virtual addresses with the virtual MAC and validates advertisements in
the kernel; a C++ controller runs the state machine. It reads keepalived's
configuration syntax, so existing keepalived.conf files run unchanged.")
include(CPack)
