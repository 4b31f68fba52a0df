// Test scaffolding for the dataplane tests: a network namespace of our own
// holding a veth pair, entered by this thread for the test's duration, and
// a private bpffs to pin into. Everything is removed again on scope exit,
// also when an assertion fails half-way.
#pragma once

#include <string>

namespace xvrrp::dataplane::testing {

bool running_as_root();

// Runs a shell command, returns its exit status (-1 if it could not run).
int run(const std::string& command);
// Runs a shell command and returns its standard output.
std::string capture(const std::string& command);

// `ip netns add xv-<pid>-<tag>` with a veth pair inside (both ends up), and
// setns() into it; the destructor returns to the original namespace and
// deletes the namespace (and with it the veths and any XDP program on them).
class Netns {
  public:
    explicit Netns(const std::string& tag);
    ~Netns();
    Netns(const Netns&) = delete;
    Netns& operator=(const Netns&) = delete;

    bool ok() const { return ok_; }
    const std::string& name() const { return name_; }
    const std::string& veth0() const { return veth0_; }  // the end tests attach to
    const std::string& veth1() const { return veth1_; }
    // `ip -n <ns> <args>` (for commands run from a child process).
    std::string ip(const std::string& args) const;

  private:
    std::string name_;
    std::string veth0_;
    std::string veth1_;
    int original_ = -1;
    bool ok_ = false;
};

// A private mount namespace for this (single-threaded) test process, with
// every mount made private so nothing done in it reaches the host; the
// destructor returns to the original one.
class PrivateMounts {
  public:
    PrivateMounts();
    ~PrivateMounts();
    PrivateMounts(const PrivateMounts&) = delete;
    PrivateMounts& operator=(const PrivateMounts&) = delete;
    bool ok() const { return ok_; }

  private:
    int original_ = -1;
    bool ok_ = false;
};

// A bpffs mounted on /tmp/xv-<pid>-<tag>-pins; unmounted and removed on exit.
class PinRoot {
  public:
    explicit PinRoot(const std::string& tag);
    ~PinRoot();
    PinRoot(const PinRoot&) = delete;
    PinRoot& operator=(const PinRoot&) = delete;

    bool ok() const { return ok_; }
    // The xvrrp pin root inside the mount (<mount>/xvrrp), like /sys/fs/bpf/xvrrp.
    std::string root() const { return mount_ + "/xvrrp"; }
    const std::string& mount_point() const { return mount_; }

  private:
    std::string mount_;
    bool ok_ = false;
};

}  // namespace xvrrp::dataplane::testing
