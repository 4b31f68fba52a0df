# Third-party libraries, all from Debian 12 packages (scripts/deps.sh).
find_package(GTest REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 QUIET)
pkg_check_modules(LIBBPF REQUIRED IMPORTED_TARGET libbpf)
pkg_check_modules(LIBXDP REQUIRED IMPORTED_TARGET libxdp)
pkg_check_modules(LIBNL REQUIRED IMPORTED_TARGET libnl-3.0 libnl-route-3.0)
# libsystemd: sd_notify / sd_watchdog_enabled (daemon/service_notify) and the
# journal sink (cli/logging); libcap: the capability drop after attach.
pkg_check_modules(LIBSYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(LIBCAP REQUIRED IMPORTED_TARGET libcap)
include(GoogleTest)
find_package(prometheus-cpp CONFIG REQUIRED)
