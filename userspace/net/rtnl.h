// A NETLINK_ROUTE request socket: batches of requests with one ACK each, and
// queries (get or dump) with their replies. libnl builds the messages; this
// file owns the send/receive discipline.
//
// Why batches: keepalived sends one request per VIP and waits for its ACK, so
// 200 VIPs cost 200 round trips. rtnetlink processes every message of one
// datagram in order and ACKs each, so we send up to kMaxBatch messages in a
// single sendmsg and match the ACKs by sequence number afterwards.
//
// The kernel handles route requests synchronously inside sendmsg, so ACKs
// are queued by the time send returns: waiting for them does not block the
// event loop for longer than the kernel work itself (bounded by a timeout).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "net/result.h"

struct nl_sock;
struct nl_msg;
struct nlmsghdr;

namespace xvrrp::net {

struct NlMsgDeleter {
    void operator()(nl_msg* msg) const;
};
using NlMsgPtr = std::unique_ptr<nl_msg, NlMsgDeleter>;

// The kernel's answer to one request of a batch.
struct Ack {
    int error = 0;               // positive errno; 0 = done
    std::string kernel_message;  // extended-ACK text, when the kernel gave one
};

// "<what>: <strerror> (kernel: <extended ack>)".
Error ack_error(const Ack& ack, const std::string& what);

// {e.code, prefix + ": " + e.message}
Error with_context(const Error& e, const std::string& prefix);

class RtnlSocket {
  public:
    static Result<RtnlSocket> open();

    RtnlSocket(RtnlSocket&&) noexcept;
    RtnlSocket& operator=(RtnlSocket&&) noexcept;
    ~RtnlSocket();

    int fd() const;

    // Sends every request (stamped with our port and fresh sequence numbers,
    // NLM_F_ACK set) in as few datagrams as possible and returns one Ack per
    // request, in order. A transport failure (send error, lost ACKs) is the
    // Error; kernel refusals of single requests are in the Acks.
    Result<std::vector<Ack>> transact(std::span<const NlMsgPtr> requests);

    // Sends a get or dump request and calls on_reply for each reply message
    // (never for DONE / ACK). A dump the kernel marks as interrupted
    // (NLM_F_DUMP_INTR) is retried, so on_reply sees one consistent dump.
    // A kernel refusal keeps its errno as the Error code; callers add the
    // interface to the message (with_context).
    Result<void> query(const NlMsgPtr& request,
                       const std::function<void(const nlmsghdr&)>& on_reply);

  private:
    struct SockDeleter {
        void operator()(nl_sock* sk) const;
    };
    explicit RtnlSocket(std::unique_ptr<nl_sock, SockDeleter> sk);

    Result<void> send_raw(const void* data, size_t len);
    // Receives one datagram into buf_ (waiting at most the reply timeout).
    Result<size_t> receive();
    Result<void> query_once(const NlMsgPtr& request, std::vector<std::vector<uint8_t>>& replies,
                            bool& interrupted);

    std::unique_ptr<nl_sock, SockDeleter> sk_;
    std::vector<uint8_t> buf_;
};

}  // namespace xvrrp::net
