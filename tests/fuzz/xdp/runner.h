// One fuzzer input through the real XDP program (BPF_PROG_TEST_RUN), with
// every invariant checked against the model: the verdict, the exact bytes
// out (so every XDP_TX is a correct reply to a well-formed request for an
// owned VIP while MASTER with a lease), the ring-buffer events (none for a
// frame a discard rule rejects), and every counter's exact delta.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "input.h"
#include "model.h"
#include "world.h"
#include "xdp_harness.h"

namespace xvrrp::xdpfuzz {

struct RunReport {
    Input input;
    Expected expected;
    bpftest::RunResult got;
    std::vector<uint32_t> moved;  // counters that moved
    std::string failure;          // empty: every invariant held
};

class Runner {
  public:
    Runner();  // loads the program and writes the static maps; throws on failure
    RunReport run(std::span<const uint8_t> data);

  private:
    bpftest::XdpHarness h_;
};

// The failure with the frame and the input in hex, for a crash report.
std::string describe(const RunReport& r);

}  // namespace xvrrp::xdpfuzz
