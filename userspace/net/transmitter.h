// Prebuilt Ethernet frames out of one interface through an AF_PACKET socket,
// a whole batch per sendmmsg (DESIGN decision 2: one call per advert tick).
//
// The socket is bound with protocol 0, so it receives nothing and never
// needs draining. It is non-blocking with a large send buffer; when the
// buffer is full anyway, send_batch waits for room briefly (bounded) rather
// than blocking the event loop.
#pragma once

#include <linux/if_packet.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/fd.h"
#include "net/result.h"
#include "net/rtnl_decode.h"

namespace xvrrp::net {

struct TransmitterOptions {
    // PACKET_QDISC_BYPASS: hand frames straight to the driver. Adverts then
    // never wait behind bulk traffic in the qdisc, at the price of no
    // queueing (a full NIC ring drops them) and no local packet taps seeing
    // them. Off by default; worth it on busy gateways with few VRIDs.
    bool qdisc_bypass = false;
    int send_buffer_bytes = 4 << 20;
};

struct SendReport {
    size_t sent = 0;             // frames the kernel accepted, from the front of the batch
    std::optional<Error> error;  // why the rest were not sent; names the interface
    bool ok() const { return !error; }
};

class PacketTransmitter {
  public:
    static Result<PacketTransmitter> open(const Iface& iface,
                                          const TransmitterOptions& options = {});

    int fd() const { return fd_.get(); }
    const Iface& iface() const { return iface_; }

    // Every frame (a complete Ethernet frame, destination MAC first) in
    // order, in one sendmmsg unless the kernel takes only part of the batch.
    SendReport send_batch(std::span<const std::span<const uint8_t>> frames);
    SendReport send_batch(std::span<const std::vector<uint8_t>> frames);
    SendReport send(std::span<const uint8_t> frame);

  private:
    PacketTransmitter(Fd fd, Iface iface) : fd_(std::move(fd)), iface_(std::move(iface)) {}

    Fd fd_;
    Iface iface_;
    // The message array of the last batch, kept: a tick re-fills it in place
    // and allocates nothing once it has held a full batch.
    std::vector<sockaddr_ll> addrs_;
    std::vector<iovec> iovs_;
    std::vector<mmsghdr> msgs_;
};

}  // namespace xvrrp::net
