#include "net/rtnl.h"

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <unordered_map>

#include "net/rtnl_decode.h"

namespace xvrrp::net {
namespace {

// Bounded so that the ACKs of one batch fit the receive buffer even before
// NETLINK_CAP_ACK trims them, and one datagram stays below the send buffer.
constexpr size_t kMaxBatch = 64;
constexpr size_t kMaxBatchBytes = 32 * 1024;
constexpr int kReplyTimeoutMs = 2000;
constexpr size_t kReceiveBufferBytes = 64 * 1024;
constexpr int kSocketBufferBytes = 1 << 20;
constexpr int kDumpAttempts = 3;

void enable(int fd, int option) {
    const int one = 1;
    // Best effort: older kernels lack some options and work without them.
    (void)setsockopt(fd, SOL_NETLINK, option, &one, sizeof(one));
}

// The extended-ACK message text of an NLMSG_ERROR, if any.
std::string extack_message(const nlmsghdr& h) {
    if (!(h.nlmsg_flags & NLM_F_ACK_TLVS)) {
        return {};
    }
    const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(&h));
    size_t offset = sizeof(nlmsgerr);
    if (!(h.nlmsg_flags & NLM_F_CAPPED)) {
        offset += err->msg.nlmsg_len - sizeof(nlmsghdr);
    }
    const size_t payload = h.nlmsg_len - NLMSG_HDRLEN;
    if (offset >= payload) {
        return {};
    }
    auto* head = reinterpret_cast<nlattr*>(
        const_cast<uint8_t*>(static_cast<const uint8_t*>(NLMSG_DATA(&h)) + offset));
    nlattr* text = nla_find(head, static_cast<int>(payload - offset), NLMSGERR_ATTR_MSG);
    if (text == nullptr || nla_len(text) <= 0) {
        return {};
    }
    return std::string(
        static_cast<const char*>(nla_data(text)),
        strnlen(static_cast<const char*>(nla_data(text)), static_cast<size_t>(nla_len(text))));
}

Ack decode_ack(const nlmsghdr& h) {
    if (h.nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) {
        return Ack{EBADMSG, "truncated netlink error message"};
    }
    const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(&h));
    return Ack{-err->error, extack_message(h)};
}

Error libnl_error(int err, const std::string& what) {
    return Error{EIO, what + ": " + nl_geterror(err)};
}

template <typename F>
void for_each_message(const uint8_t* data, size_t len, F&& f) {
    auto* h = reinterpret_cast<const nlmsghdr*>(data);
    auto rest = static_cast<int>(len);
    for (; message_fits(h, rest); h = NLMSG_NEXT(h, rest)) {
        f(*h);
    }
}

}  // namespace

void NlMsgDeleter::operator()(nl_msg* msg) const {
    nlmsg_free(msg);
}
void RtnlSocket::SockDeleter::operator()(nl_sock* sk) const {
    nl_socket_free(sk);
}

Error ack_error(const Ack& ack, const std::string& what) {
    Error e = errno_error(ack.error, what);
    if (!ack.kernel_message.empty()) {
        e.message += " (kernel: " + ack.kernel_message + ")";
    }
    return e;
}

Error with_context(const Error& e, const std::string& prefix) {
    return Error{e.code, prefix + ": " + e.message};
}

Result<RtnlSocket> RtnlSocket::open() {
    std::unique_ptr<nl_sock, SockDeleter> sk(nl_socket_alloc());
    if (!sk) {
        return Error{ENOMEM, "netlink: cannot allocate a socket"};
    }
    if (int err = nl_connect(sk.get(), NETLINK_ROUTE); err < 0) {
        return libnl_error(err, "netlink: cannot open a NETLINK_ROUTE socket");
    }
    const int fd = nl_socket_get_fd(sk.get());
    enable(fd, NETLINK_EXT_ACK);
    enable(fd, NETLINK_CAP_ACK);
    // Lets the kernel filter dumps by the ifindex in the request header.
    enable(fd, NETLINK_GET_STRICT_CHK);
    (void)nl_socket_set_buffer_size(sk.get(), kSocketBufferBytes, kSocketBufferBytes);
    return RtnlSocket(std::move(sk));
}

RtnlSocket::RtnlSocket(std::unique_ptr<nl_sock, SockDeleter> sk)
    : sk_(std::move(sk)), buf_(kReceiveBufferBytes) {}
RtnlSocket::RtnlSocket(RtnlSocket&&) noexcept = default;
RtnlSocket& RtnlSocket::operator=(RtnlSocket&&) noexcept = default;
RtnlSocket::~RtnlSocket() = default;

int RtnlSocket::fd() const {
    return nl_socket_get_fd(sk_.get());
}

Result<void> RtnlSocket::send_raw(const void* data, size_t len) {
    for (;;) {
        if (::send(fd(), data, len, 0) >= 0) {
            return {};
        }
        if (errno != EINTR) {
            return errno_error(errno, "netlink: send");
        }
    }
}

Result<size_t> RtnlSocket::receive() {
    pollfd p{fd(), POLLIN, 0};
    int ready = 0;
    do {
        ready = ::poll(&p, 1, kReplyTimeoutMs);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) {
        return errno_error(errno, "netlink: poll");
    }
    if (ready == 0) {
        return Error{ETIMEDOUT, "netlink: no reply from the kernel within 2 s"};
    }
    iovec iov{buf_.data(), buf_.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t n = 0;
    do {
        n = ::recvmsg(fd(), &msg, MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        // ENOBUFS here means replies were dropped: the caller cannot know
        // which requests took effect, so it is a transport failure.
        return errno_error(errno, "netlink: receive");
    }
    if (msg.msg_flags & MSG_TRUNC) {
        return Error{EMSGSIZE, "netlink: reply larger than the receive buffer"};
    }
    return static_cast<size_t>(n);
}

Result<std::vector<Ack>> RtnlSocket::transact(std::span<const NlMsgPtr> requests) {
    std::vector<Ack> acks(requests.size());
    std::vector<uint8_t> batch;
    std::unordered_map<uint32_t, size_t> pending;  // sequence number -> request index
    size_t next = 0;
    while (next < requests.size()) {
        batch.clear();
        pending.clear();
        while (next < requests.size() && pending.size() < kMaxBatch) {
            nl_msg* msg = requests[next].get();
            nlmsg_hdr(msg)->nlmsg_seq = NL_AUTO_SEQ;
            nl_complete_msg(sk_.get(), msg);
            const nlmsghdr* h = nlmsg_hdr(msg);
            const size_t len = NLMSG_ALIGN(h->nlmsg_len);
            if (!batch.empty() && batch.size() + len > kMaxBatchBytes) {
                break;
            }
            const auto* bytes = reinterpret_cast<const uint8_t*>(h);
            batch.insert(batch.end(), bytes, bytes + h->nlmsg_len);
            batch.resize(batch.size() + (len - h->nlmsg_len), 0);
            pending.emplace(h->nlmsg_seq, next);
            ++next;
        }
        if (auto sent = send_raw(batch.data(), batch.size()); !sent) {
            return sent.error();
        }
        while (!pending.empty()) {
            auto got = receive();
            if (!got) {
                return got.error();
            }
            for_each_message(buf_.data(), *got, [&](const nlmsghdr& h) {
                auto it = pending.find(h.nlmsg_seq);
                if (h.nlmsg_type != NLMSG_ERROR || it == pending.end()) {
                    return;
                }
                acks[it->second] = decode_ack(h);
                pending.erase(it);
            });
        }
    }
    return acks;
}

Result<void> RtnlSocket::query_once(const NlMsgPtr& request,
                                    std::vector<std::vector<uint8_t>>& replies, bool& interrupted) {
    nlmsghdr* req = nlmsg_hdr(request.get());
    req->nlmsg_seq = NL_AUTO_SEQ;
    nl_complete_msg(sk_.get(), request.get());
    const bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
    if (dump) {
        req->nlmsg_flags &= ~NLM_F_ACK;  // a dump ends with DONE, not an ACK
    }
    const uint32_t seq = req->nlmsg_seq;
    if (auto sent = send_raw(req, req->nlmsg_len); !sent) {
        return sent.error();
    }
    for (;;) {
        auto got = receive();
        if (!got) {
            return got.error();
        }
        bool finished = false;
        Ack refusal;
        for_each_message(buf_.data(), *got, [&](const nlmsghdr& h) {
            if (h.nlmsg_seq != seq || finished) {
                return;
            }
            if (h.nlmsg_flags & NLM_F_DUMP_INTR) {
                interrupted = true;
            }
            if (h.nlmsg_type == NLMSG_DONE) {
                finished = true;
            } else if (h.nlmsg_type == NLMSG_ERROR) {
                refusal = decode_ack(h);
                finished = true;
            } else {
                const auto* bytes = reinterpret_cast<const uint8_t*>(&h);
                replies.emplace_back(bytes, bytes + h.nlmsg_len);
            }
        });
        if (finished) {
            if (refusal.error != 0) {
                return ack_error(refusal, "netlink");
            }
            return {};
        }
    }
}

Result<void> RtnlSocket::query(const NlMsgPtr& request,
                               const std::function<void(const nlmsghdr&)>& on_reply) {
    std::vector<std::vector<uint8_t>> replies;
    for (int attempt = 0; attempt < kDumpAttempts; ++attempt) {
        replies.clear();
        bool interrupted = false;
        if (auto done = query_once(request, replies, interrupted); !done) {
            return done;
        }
        if (!interrupted) {
            for (const auto& reply : replies) {
                on_reply(*reinterpret_cast<const nlmsghdr*>(reply.data()));
            }
            return {};
        }
    }
    return Error{EAGAIN, "netlink: dump kept changing underneath us; try again"};
}

}  // namespace xvrrp::net
