# Compile bpf/*.bpf.c to BPF objects and generate libbpf skeleton headers.
#
#   xvrrp_bpf_skeleton(<target> <source.bpf.c>)
#
# creates an INTERFACE library <target> whose users get <name>.skel.h as a
# SYSTEM include (so its code is not held to our warning flags) and libbpf.
# The BPF object is rebuilt when any header it includes changes (depfile).
find_program(XVRRP_CLANG NAMES clang REQUIRED)
find_program(XVRRP_BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin REQUIRED)
execute_process(COMMAND gcc -dumpmachine OUTPUT_VARIABLE XVRRP_TRIPLET OUTPUT_STRIP_TRAILING_WHITESPACE)
set(XVRRP_SKEL_DIR ${CMAKE_BINARY_DIR}/skel)
file(MAKE_DIRECTORY ${XVRRP_SKEL_DIR})

function(xvrrp_bpf_skeleton target src)
  get_filename_component(src_abs ${src} ABSOLUTE)
  get_filename_component(file ${src} NAME)
  string(REGEX REPLACE "\\.bpf\\.c$" "" name ${file})
  set(obj ${CMAKE_CURRENT_BINARY_DIR}/${name}.bpf.o)
  set(skel ${XVRRP_SKEL_DIR}/${name}.skel.h)
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${XVRRP_CLANG} -target bpf -O2 -g -Wall -Werror -mcpu=v3
            -I${PROJECT_SOURCE_DIR}/include -I${PROJECT_SOURCE_DIR}/bpf
            -idirafter /usr/include/${XVRRP_TRIPLET}
            -MD -MF ${obj}.d -c ${src_abs} -o ${obj}
    DEPENDS ${src_abs}
    DEPFILE ${obj}.d
    COMMENT "BPF ${file}"
    VERBATIM)
  add_custom_command(
    OUTPUT ${skel}
    COMMAND sh -c "${XVRRP_BPFTOOL} gen skeleton ${obj} name ${name} > ${skel}.tmp && mv ${skel}.tmp ${skel}"
    DEPENDS ${obj}
    COMMENT "skeleton ${name}.skel.h"
    VERBATIM)
  add_custom_target(${target}_gen ALL DEPENDS ${skel})
  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_gen)
  target_include_directories(${target} SYSTEM INTERFACE ${XVRRP_SKEL_DIR})
  target_link_libraries(${target} INTERFACE PkgConfig::LIBBPF xvrrp_headers)
  set_property(TARGET ${target} PROPERTY XVRRP_BPF_OBJECT ${obj})
endfunction()
