#include "netns_lab.h"

#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace xvrrp::net::testing {
namespace {

int test_counter = 0;

void enter(const std::string& path) {
    Fd ns(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!ns.valid() || ::setns(ns.get(), CLONE_NEWNET) < 0) {
        throw std::runtime_error("setns " + path + ": " + std::strerror(errno));
    }
}

void put32(std::ofstream& out, uint32_t v) {
    out.write(reinterpret_cast<const char*>(&v), 4);
}
void put16(std::ofstream& out, uint16_t v) {
    out.write(reinterpret_cast<const char*>(&v), 2);
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(line);
    while (std::getline(in, part, sep)) {
        parts.push_back(part);
    }
    if (!line.empty() && line.back() == sep) {
        parts.emplace_back();
    }
    return parts;
}

}  // namespace

Cmd run(const std::string& command) {
    Cmd result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return result;
    }
    char buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) {
        result.out.append(buf, n);
    }
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

ScopedNetns::ScopedNetns(const std::string& ns)
    : original_(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) {
    if (!original_.valid()) {
        throw std::runtime_error("open /proc/self/ns/net");
    }
    enter("/run/netns/" + ns);
}

ScopedNetns::~ScopedNetns() {
    (void)::setns(original_.get(), CLONE_NEWNET);
}

void NetnsLab::SetUp() {
    if (::geteuid() != 0) {
        GTEST_SKIP() << "needs root (network namespaces, CAP_NET_ADMIN)";
    }
    const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(++test_counter);
    ns_a = "xv-net-" + tag + "-a";
    ns_b = "xv-net-" + tag + "-b";
    if_a = "xv" + tag + "a";
    if_b = "xv" + tag + "b";
    ASSERT_LT(if_a.size(), size_t{IF_NAMESIZE});
    created_ = true;
    ASSERT_EQ(run("ip netns add " + ns_a).status, 0);
    ASSERT_EQ(run("ip netns add " + ns_b).status, 0);
    ip(ns_a, "link add " + if_a + " type veth peer name " + if_b + " netns " + ns_b);
    ip(ns_a, "link set lo up");
    ip(ns_b, "link set lo up");
    ip(ns_a, "link set " + if_a + " up");
    ip(ns_b, "link set " + if_b + " up");
    inside_a_ = std::make_unique<ScopedNetns>(ns_a);
    ifindex_a = static_cast<int>(if_nametoindex(if_a.c_str()));
    ASSERT_GT(ifindex_a, 0) << if_a;
}

void NetnsLab::TearDown() {
    inside_a_.reset();
    if (created_) {
        (void)run("ip netns del " + ns_a + " 2>/dev/null");
        (void)run("ip netns del " + ns_b + " 2>/dev/null");
    }
    for (const auto& f : files_) {
        std::remove(f.c_str());
    }
}

void NetnsLab::ip(const std::string& ns, const std::string& args) {
    const Cmd c = run("ip -n " + ns + " " + args);
    ASSERT_EQ(c.status, 0) << "ip -n " << ns << " " << args;
}

std::string NetnsLab::ip_json(const std::string& ns, const std::string& args) {
    const Cmd c = run("ip -j -n " + ns + " " + args);
    EXPECT_EQ(c.status, 0) << "ip -j -n " << ns << " " << args;
    return c.out;
}

Fd NetnsLab::open_capture_b() {
    ScopedNetns in_b(ns_b);
    Fd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL)));
    if (!fd.valid()) {
        ADD_FAILURE() << "capture socket: " << std::strerror(errno);
        return fd;
    }
    const int size = 8 << 20;
    (void)::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = static_cast<int>(if_nametoindex(if_b.c_str()));
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sll), sizeof(sll)) < 0) {
        ADD_FAILURE() << "bind capture socket to " << if_b << ": " << std::strerror(errno);
    }
    return fd;
}

std::vector<Frame> NetnsLab::receive(int fd, size_t count, int timeout_ms,
                                     const std::function<bool(const Frame&)>& keep) {
    std::vector<Frame> frames;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    Frame buf(65536);
    while (frames.size() < count) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            break;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        sockaddr_ll from{};
        socklen_t from_len = sizeof(from);
        const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), MSG_DONTWAIT,
                                     reinterpret_cast<sockaddr*>(&from), &from_len);
        if (n <= 0 || from.sll_pkttype == PACKET_OUTGOING) {
            continue;
        }
        Frame frame(buf.begin(), buf.begin() + n);
        if (keep(frame)) {
            frames.push_back(std::move(frame));
        }
    }
    return frames;
}

std::string NetnsLab::write_pcap(const std::vector<Frame>& frames) {
    const std::string path = "/tmp/" + ns_a + "-" + std::to_string(files_.size()) + ".pcap";
    files_.push_back(path);
    std::ofstream out(path, std::ios::binary);
    put32(out, 0xa1b2c3d4);  // microsecond pcap, native byte order
    put16(out, 2);
    put16(out, 4);
    put32(out, 0);
    put32(out, 0);
    put32(out, 65535);
    put32(out, 1);  // LINKTYPE_ETHERNET
    uint32_t second = 1;
    for (const auto& f : frames) {
        put32(out, second++);
        put32(out, 0);
        put32(out, static_cast<uint32_t>(f.size()));
        put32(out, static_cast<uint32_t>(f.size()));
        out.write(reinterpret_cast<const char*>(f.data()), static_cast<std::streamsize>(f.size()));
    }
    return path;
}

std::vector<std::vector<std::string>> NetnsLab::tshark_fields(
    const std::string& pcap, const std::vector<std::string>& fields) {
    std::string cmd = "tshark -r " + pcap + " -T fields -E separator='|' -E occurrence=f";
    for (const auto& f : fields) {
        cmd += " -e " + f;
    }
    const Cmd c = run(cmd + " 2>/dev/null");
    EXPECT_EQ(c.status, 0) << cmd;
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(c.out);
    std::string line;
    while (std::getline(in, line)) {
        rows.push_back(split(line, '|'));
    }
    return rows;
}

}  // namespace xvrrp::net::testing
