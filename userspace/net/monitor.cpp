#include "net/monitor.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>

#include <cerrno>

namespace xvrrp::net {
namespace {

constexpr size_t kReceiveBufferBytes = 64 * 1024;

void decode(const nlmsghdr& h, std::vector<MonitorEvent>& out) {
    switch (h.nlmsg_type) {
        case RTM_NEWLINK:
        case RTM_DELLINK:
            if (auto link = decode_link(h)) {
                out.emplace_back(LinkEvent{std::move(*link), h.nlmsg_type == RTM_DELLINK});
            }
            break;
        case RTM_NEWADDR:
        case RTM_DELADDR:
            if (auto addr = decode_address(h)) {
                out.emplace_back(AddressEvent{std::move(*addr), h.nlmsg_type == RTM_NEWADDR});
            }
            break;
        default:
            break;
    }
}

}  // namespace

void LinkMonitor::SockDeleter::operator()(nl_sock* sk) const {
    nl_socket_free(sk);
}

Result<LinkMonitor> LinkMonitor::open(const MonitorOptions& options) {
    std::unique_ptr<nl_sock, SockDeleter> sk(nl_socket_alloc());
    if (!sk) {
        return Error{ENOMEM, "netlink monitor: cannot allocate a socket"};
    }
    nl_socket_disable_seq_check(sk.get());
    if (int err = nl_connect(sk.get(), NETLINK_ROUTE); err < 0) {
        return Error{EIO, std::string("netlink monitor: connect: ") + nl_geterror(err)};
    }
    if (int err = nl_socket_add_memberships(sk.get(), RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
                                            RTNLGRP_IPV6_IFADDR, 0);
        err < 0) {
        return Error{EIO, std::string("netlink monitor: subscribe: ") + nl_geterror(err)};
    }
    if (int err = nl_socket_set_nonblocking(sk.get()); err < 0) {
        return Error{EIO, std::string("netlink monitor: non-blocking: ") + nl_geterror(err)};
    }
    const int fd = nl_socket_get_fd(sk.get());
    const int size = options.receive_buffer_bytes;
    // A large buffer makes overruns rare; FORCE goes past rmem_max as root.
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0) {
        (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
    }
    return LinkMonitor(std::move(sk), options);
}

LinkMonitor::LinkMonitor(std::unique_ptr<nl_sock, SockDeleter> sk, const MonitorOptions& options)
    : sk_(std::move(sk)), options_(options), buf_(kReceiveBufferBytes) {}
LinkMonitor::LinkMonitor(LinkMonitor&&) noexcept = default;
LinkMonitor& LinkMonitor::operator=(LinkMonitor&&) noexcept = default;
LinkMonitor::~LinkMonitor() = default;

int LinkMonitor::fd() const {
    return nl_socket_get_fd(sk_.get());
}

Result<std::vector<MonitorEvent>> LinkMonitor::drain() {
    std::vector<MonitorEvent> events;
    bool overrun = false;
    for (int reads = 0; reads < options_.max_reads_per_drain; ++reads) {
        const ssize_t n = ::recv(fd(), buf_.data(), buf_.size(), MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                break;
            }
            if (errno == ENOBUFS) {
                // Reported once per overrun; what follows is valid again.
                overrun = true;
                continue;
            }
            return errno_error(errno, "netlink monitor: receive");
        }
        const auto* h = reinterpret_cast<const nlmsghdr*>(buf_.data());
        auto rest = static_cast<int>(n);
        for (; message_fits(h, rest); h = NLMSG_NEXT(h, rest)) {
            decode(*h, events);
        }
    }
    if (overrun) {
        events.emplace_back(ResyncNeeded{});
    }
    return events;
}

}  // namespace xvrrp::net
