#include "dataplane/bpf_log.h"

#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>

#include <spdlog/spdlog.h>

namespace xvrrp::dataplane {
namespace {

std::atomic<int> quiet_depth{0};

void emit(spdlog::level::level_enum level, const char* format, va_list args) {
    if (!spdlog::should_log(level)) {
        return;
    }
    char buf[1024];
    const int n = std::vsnprintf(buf, sizeof buf, format, args);
    if (n <= 0) {
        return;
    }
    std::string line(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
    while (!line.empty() && line.back() == '\n') {
        line.pop_back();
    }
    spdlog::log(level, "{}", line);  // the libraries prefix their own name
}

int libbpf_printer(enum libbpf_print_level level, const char* format, va_list args) {
    // libbpf warnings carry verifier logs and load failures: keep them visible.
    const bool quiet = quiet_depth.load(std::memory_order_relaxed) > 0;
    const auto to = level == LIBBPF_WARN   ? (quiet ? spdlog::level::debug : spdlog::level::warn)
                    : level == LIBBPF_INFO ? spdlog::level::debug
                                           : spdlog::level::trace;
    emit(to, format, args);
    return 0;
}

int libxdp_printer(enum libxdp_print_level level, const char* format, va_list args) {
    // libxdp "warns" about its dispatcher probing, which we handle and
    // report ourselves; keep its voice one level down.
    const bool quiet = quiet_depth.load(std::memory_order_relaxed) > 0;
    const auto to = level == LIBXDP_WARN   ? (quiet ? spdlog::level::debug : spdlog::level::info)
                    : level == LIBXDP_INFO ? spdlog::level::debug
                                           : spdlog::level::trace;
    emit(to, format, args);
    return 0;
}

}  // namespace

void install_bpf_logging() {
    static std::once_flag once;
    std::call_once(once, [] {
        libbpf_set_print(libbpf_printer);
        libxdp_set_print(libxdp_printer);
    });
}

QuietLibbpfWarnings::QuietLibbpfWarnings() {
    quiet_depth.fetch_add(1, std::memory_order_relaxed);
}

QuietLibbpfWarnings::~QuietLibbpfWarnings() {
    quiet_depth.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace xvrrp::dataplane
