#include "lab.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace xvrrp::dataplane::testing {

bool running_as_root() {
    return geteuid() == 0;
}

int run(const std::string& command) {
    const int status = std::system((command + " >/dev/null 2>&1").c_str());
    return status == -1 ? -1 : WEXITSTATUS(status);
}

std::string capture(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return out;
    }
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        out.append(buf.data(), n);
    }
    pclose(pipe);
    return out;
}

Netns::Netns(const std::string& tag) {
    const std::string pid = std::to_string(getpid());
    name_ = "xv-" + pid + "-" + tag;
    // Interface names have 15 characters at most: xv<pid><a|b><tag initial>.
    veth0_ = "xv" + pid + "a" + tag.substr(0, 1);
    veth1_ = "xv" + pid + "b" + tag.substr(0, 1);
    run("ip netns del " + name_);  // a leftover of a crashed earlier run with our pid
    if (run("ip netns add " + name_) != 0) {
        return;
    }
    if (run(ip("link add " + veth0_ + " type veth peer name " + veth1_)) != 0 ||
        run(ip("link set " + veth0_ + " up")) != 0 || run(ip("link set " + veth1_ + " up")) != 0 ||
        run(ip("link set lo up")) != 0) {
        return;
    }
    original_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    const int target = open(("/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC);
    if (original_ < 0 || target < 0) {
        if (target >= 0) {
            close(target);
        }
        return;
    }
    ok_ = setns(target, CLONE_NEWNET) == 0;
    close(target);
}

Netns::~Netns() {
    if (original_ >= 0) {
        setns(original_, CLONE_NEWNET);
        close(original_);
    }
    run("ip netns del " + name_);
}

std::string Netns::ip(const std::string& args) const {
    return "ip -n " + name_ + " " + args;
}

PrivateMounts::PrivateMounts() {
    original_ = open("/proc/thread-self/ns/mnt", O_RDONLY | O_CLOEXEC);
    ok_ = original_ >= 0 && unshare(CLONE_NEWNS) == 0 &&
          mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
}

PrivateMounts::~PrivateMounts() {
    if (original_ >= 0) {
        setns(original_, CLONE_NEWNS);
        close(original_);
    }
}

PinRoot::PinRoot(const std::string& tag) {
    mount_ = "/tmp/xv-" + std::to_string(getpid()) + "-" + tag + "-pins";
    mkdir(mount_.c_str(), 0700);
    ok_ = mount("bpf", mount_.c_str(), "bpf", 0, "mode=0700") == 0;
}

PinRoot::~PinRoot() {
    if (ok_) {
        umount2(mount_.c_str(), MNT_DETACH);
    }
    rmdir(mount_.c_str());
}

}  // namespace xvrrp::dataplane::testing
