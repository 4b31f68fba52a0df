# xvrrp_add_gtest(<name> LABEL unit|bpf|integration SOURCES ... [LIBS ...])
#
# One GoogleTest binary; every TEST becomes its own ctest test carrying the
# label, so `ctest -L unit` runs one layer. Tests needing root skip themselves
# (GTEST_SKIP with a message) when run unprivileged.
function(xvrrp_add_gtest name)
  cmake_parse_arguments(T "" "LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} xvrrp_headers GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name}
    PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT}
    DISCOVERY_TIMEOUT 60)
endfunction()
