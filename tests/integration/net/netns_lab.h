// A two-namespace veth lab for the net layer's integration tests.
//
// Each test gets namespaces A and B joined by a veth pair (if_a in A, if_b
// in B), both up, with names unique to this process and test. The test
// thread runs inside A (setns) from SetUp to TearDown, so every socket the
// code under test opens lives in A; TearDown restores the original namespace
// and deletes both namespaces, even when the test failed.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/fd.h"

namespace xvrrp::net::testing {

struct Cmd {
    int status = -1;  // exit status; -1 if it could not run
    std::string out;  // stdout
};
// Runs `command` through /bin/sh, stdout captured, stderr passed through.
Cmd run(const std::string& command);

// Switches the calling thread to a named namespace (ip netns) and back.
class ScopedNetns {
  public:
    explicit ScopedNetns(const std::string& ns);
    ~ScopedNetns();
    ScopedNetns(const ScopedNetns&) = delete;
    ScopedNetns& operator=(const ScopedNetns&) = delete;

  private:
    Fd original_;
};

using Frame = std::vector<uint8_t>;

class NetnsLab : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    // `ip -n <ns> <args>`; fails the test if ip fails.
    void ip(const std::string& ns, const std::string& args);
    // `ip -j -n <ns> <args>`, parsed.
    std::string ip_json(const std::string& ns, const std::string& args);

    // A packet socket in B receiving everything on if_b.
    Fd open_capture_b();
    // Frames for which `keep` is true, until `count` arrived or `timeout_ms`.
    static std::vector<Frame> receive(int fd, size_t count, int timeout_ms,
                                      const std::function<bool(const Frame&)>& keep);
    // Writes frames as a pcap file (Ethernet link type) for tshark; returns its path.
    std::string write_pcap(const std::vector<Frame>& frames);
    // tshark's fields (-T fields, separator '|') of every packet in `pcap`.
    static std::vector<std::vector<std::string>> tshark_fields(
        const std::string& pcap, const std::vector<std::string>& fields);

    std::string ns_a, ns_b, if_a, if_b;
    int ifindex_a = 0;

  private:
    std::unique_ptr<ScopedNetns> inside_a_;
    std::vector<std::string> files_;
    bool created_ = false;
};

}  // namespace xvrrp::net::testing
