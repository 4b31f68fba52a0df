// libFuzzer: structure-aware frames (tests/fuzz/xdp/input.h) through the
// real xvrrp XDP program with BPF_PROG_TEST_RUN, in a world of routers the
// input's first bytes put in MASTER, BACKUP, INIT or FAULT with a lease that
// is fresh, run out or absent. Every run is checked against an independent
// model (tests/fuzz/xdp/model.h); a broken invariant prints the frame in
// hex and aborts. Root only.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>

#include "xdp/runner.h"

namespace {

using namespace xvrrp::xdpfuzz;

// The kernel side is invisible to libFuzzer's coverage: which counters a
// frame moved and which events it raised are fed back as extra features,
// so an input that reaches a new verdict is kept.
constexpr size_t kWhySlots = 128;
__attribute__((used, section("__libfuzzer_extra_counters")))
uint8_t kernel_paths[XVRRP_CNT_MAX + kWhySlots + 8];

void feed_back(const RunReport& r) {
    for (uint32_t c : r.moved) {
        kernel_paths[c] = 1;
    }
    for (const xvrrp_event& e : r.expected.events) {
        kernel_paths[XVRRP_CNT_MAX + (e.why & (kWhySlots - 1))] = 1;
    }
    kernel_paths[XVRRP_CNT_MAX + kWhySlots + (r.got.action & 7)] = 1;
}

Runner& runner() {
    static std::unique_ptr<Runner> r = [] {
        if (geteuid() != 0) {
            std::fputs("xvrrp_xdp_fuzz: loads the XDP program: run as root\n", stderr);
            std::exit(2);
        }
        try {
            return std::make_unique<Runner>();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "xvrrp_xdp_fuzz: %s\n", e.what());
            std::exit(2);
        }
    }();
    return *r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const RunReport r = runner().run({data, size});
    feed_back(r);
    if (!r.failure.empty()) {
        std::fputs(describe(r).c_str(), stderr);
        std::abort();
    }
    return 0;
}
