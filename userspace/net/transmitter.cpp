#include "net/transmitter.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace xvrrp::net {
namespace {

// How long send_batch waits, in total, for send-buffer room.
constexpr int kWaitForRoomMs = 20;
constexpr int kWaitSliceMs = 5;

sockaddr_ll link_address(int ifindex, std::span<const uint8_t> frame) {
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = ifindex;
    // The frame's own EtherType, so skb->protocol is right for the qdisc and
    // for taps without the kernel parsing the header again.
    if (frame.size() >= 14) {
        std::memcpy(&sll.sll_protocol, frame.data() + 12, sizeof(sll.sll_protocol));
    }
    return sll;
}

bool wait_for_room(int fd, int& budget_ms) {
    if (budget_ms <= 0) {
        return false;
    }
    pollfd p{fd, POLLOUT, 0};
    const int slice = std::min(budget_ms, kWaitSliceMs);
    budget_ms -= slice;
    return ::poll(&p, 1, slice) >= 0;
}

}  // namespace

Result<PacketTransmitter> PacketTransmitter::open(const Iface& iface,
                                                  const TransmitterOptions& options) {
    Fd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd.valid()) {
        return errno_error(errno, iface.name + ": open a packet socket");
    }
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = 0;  // transmit only: receive nothing
    sll.sll_ifindex = iface.index;
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&sll), sizeof(sll)) < 0) {
        if (errno == ENODEV) {
            return Error{ENODEV, iface.name + ": no such interface"};
        }
        return errno_error(errno, iface.name + ": bind the packet socket");
    }
    const int size = options.send_buffer_bytes;
    // SO_SNDBUFFORCE passes wmem_max when we have CAP_NET_ADMIN.
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0) {
        (void)::setsockopt(fd.get(), SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
    }
    if (options.qdisc_bypass) {
        const int one = 1;
        if (::setsockopt(fd.get(), SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) < 0) {
            return errno_error(errno, iface.name + ": enable PACKET_QDISC_BYPASS");
        }
    }
    return PacketTransmitter(std::move(fd), iface);
}

SendReport PacketTransmitter::send_batch(std::span<const std::span<const uint8_t>> frames) {
    auto& addrs = addrs_;
    auto& iovs = iovs_;
    auto& msgs = msgs_;
    if (msgs.size() < frames.size()) {
        addrs.resize(frames.size());
        iovs.resize(frames.size());
        msgs.resize(frames.size());
    }
    for (size_t i = 0; i < frames.size(); ++i) {
        addrs[i] = link_address(iface_.index, frames[i]);
        iovs[i] = iovec{const_cast<uint8_t*>(frames[i].data()), frames[i].size()};
        msgs[i] = mmsghdr{};
        msgs[i].msg_hdr.msg_name = &addrs[i];
        msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_ll);
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    SendReport report;
    int budget_ms = kWaitForRoomMs;
    // Each pass either sends at least one frame or spends wait budget, so the
    // loop ends.
    while (report.sent < frames.size()) {
        const auto left = static_cast<unsigned>(frames.size() - report.sent);
        const int n = ::sendmmsg(fd_.get(), msgs.data() + report.sent, left, 0);
        if (n > 0) {
            report.sent += static_cast<size_t>(n);
            continue;
        }
        const int err = n == 0 ? EIO : errno;
        if (err == EINTR) {
            continue;
        }
        if ((err == EAGAIN || err == ENOBUFS) && wait_for_room(fd_.get(), budget_ms)) {
            continue;
        }
        report.error =
            errno_error(err, iface_.name + ": send frame " + std::to_string(report.sent + 1) +
                                 " of " + std::to_string(frames.size()));
        break;
    }
    return report;
}

SendReport PacketTransmitter::send_batch(std::span<const std::vector<uint8_t>> frames) {
    std::vector<std::span<const uint8_t>> views(frames.begin(), frames.end());
    return send_batch(std::span<const std::span<const uint8_t>>(views));
}

SendReport PacketTransmitter::send(std::span<const uint8_t> frame) {
    return send_batch(std::span<const std::span<const uint8_t>>(&frame, 1));
}

}  // namespace xvrrp::net
