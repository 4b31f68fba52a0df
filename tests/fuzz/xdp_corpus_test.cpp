// The XDP fuzzer's seed corpus (tests/fuzz/corpus/xdp) run through the real
// program with the fuzzer's own invariants, under the normal build: every
// input must pass them, and together the inputs must reach every discard
// rule (D1-D12, V1-V3) and every verdict counter of the XDP program. A
// corpus that stops covering a rule fails here, in CI, not only when
// someone runs the fuzzer.
#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "xdp/runner.h"

namespace xvrrp::xdpfuzz {
namespace {

std::vector<uint8_t> read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

// Counters a frame can move that the corpus must reach. Not here:
// RINGBUF_FULL (the runner drains after every frame), NS_NO_ROOM (a test run
// always has room), and the timer, control and egress counters (no frame
// moves them).
const std::map<uint32_t, const char*>& required() {
    static const std::map<uint32_t, const char*> all = {
        {XVRRP_CNT_ADVERT_ACCEPTED, "advert accepted"},
        {XVRRP_DISCARD_D1_TTL, "D1"},
        {XVRRP_DISCARD_D2_VERSION, "D2"},
        {XVRRP_DISCARD_D3_TYPE, "D3"},
        {XVRRP_DISCARD_D4_TRUNCATED, "D4"},
        {XVRRP_DISCARD_D5_CHECKSUM, "D5"},
        {XVRRP_DISCARD_D6_VRID, "D6"},
        {XVRRP_DISCARD_D7_COUNT_ZERO, "D7"},
        {XVRRP_DISCARD_D8_INTERVAL_ZERO, "D8"},
        {XVRRP_DISCARD_D9_NOT_LINK_LOCAL, "D9"},
        {XVRRP_DISCARD_D10_FAMILY, "D10"},
        {XVRRP_DISCARD_D12_PEER, "D12"},
        {XVRRP_DISCARD_V1_AUTH, "V1"},
        {XVRRP_DISCARD_V2_INTERVAL, "V2"},
        {XVRRP_DISCARD_V3_ADDRESSES, "V3"},
        {XVRRP_CNT_ADVERT_RX, "advert_rx"},
        {XVRRP_CNT_REARM, "rearm"},
        {XVRRP_CNT_EVENT, "event"},
        {XVRRP_CNT_CSUM_PLAIN, "csum_plain"},
        {XVRRP_CNT_CSUM_PSEUDO, "csum_pseudo"},
        {XVRRP_CNT_OWNER_ADVERT, "owner_advert (D11)"},
        {XVRRP_CNT_PREEMPT_DISCARD, "preempt_discard"},
        {XVRRP_CNT_NOT_ACTIVE, "not_active"},
        {XVRRP_CNT_OWN_ADVERT, "own_advert"},
        {XVRRP_CNT_V2_IGNORED, "v2_ignored (I3)"},
        {XVRRP_CNT_ARP_REPLY, "arp_reply"},
        {XVRRP_CNT_ARP_DROP_NOT_MASTER, "arp_drop_not_master"},
        {XVRRP_CNT_ARP_DROP_LEASE, "arp_drop_lease"},
        {XVRRP_CNT_ARP_CONFLICT, "arp_conflict"},
        {XVRRP_CNT_NA_REPLY, "na_reply"},
        {XVRRP_CNT_NS_DROP_NOT_MASTER, "ns_drop_not_master"},
        {XVRRP_CNT_NS_DROP_LEASE, "ns_drop_lease"},
        {XVRRP_CNT_NA_CONFLICT, "na_conflict"},
        {XVRRP_CNT_NS_INVALID, "ns_invalid"},
        {XVRRP_CNT_NS_BAD_CSUM, "ns_bad_csum"},
        {XVRRP_CNT_VMAC_PASS, "vmac_pass"},
        {XVRRP_CNT_VMAC_DROP, "vmac_drop"},
        {XVRRP_CNT_VLAN_PASS, "vlan_pass"},
        {XVRRP_CNT_VRRP_MALFORMED_IP, "vrrp_malformed_ip"},
    };
    return all;
}

TEST(XdpFuzzCorpus, EveryInputKeepsTheInvariantsAndEveryDiscardRuleIsReached) {
    if (geteuid() != 0) {
        GTEST_SKIP() << "runs the XDP program with BPF_PROG_TEST_RUN: run as root";
    }
    // XVRRP_XDP_CORPUS: check another corpus (say, one a fuzzing run grew).
    const char* dir = std::getenv("XVRRP_XDP_CORPUS");
    dir = dir != nullptr ? dir : XVRRP_XDP_CORPUS_DIR;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 50u) << "corpus " << dir;

    Runner runner;
    std::map<uint32_t, std::vector<std::string>> reached;
    std::set<uint32_t> actions;
    for (const auto& file : files) {
        const RunReport r = runner.run(read_file(file));
        EXPECT_EQ(r.failure, "") << file.filename() << "\n" << describe(r);
        for (uint32_t c : r.moved) {
            reached[c].push_back(file.filename());
        }
        actions.insert(r.got.action);
    }
    for (const auto& [counter, name] : required()) {
        EXPECT_TRUE(reached.contains(counter)) << "no corpus input reaches " << name;
    }
    for (uint32_t a : {uint32_t{XDP_PASS}, uint32_t{XDP_DROP}, uint32_t{XDP_TX}}) {
        EXPECT_TRUE(actions.contains(a)) << "no corpus input ends in action " << a;
    }
    for (const auto& [counter, name] : required()) {
        if (reached.contains(counter)) {
            std::printf("%-22s %zu inputs, e.g. %s\n", name, reached[counter].size(),
                        reached[counter].front().c_str());
        }
    }
}

}  // namespace
}  // namespace xvrrp::xdpfuzz
