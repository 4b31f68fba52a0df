// The link/address monitor sees what `ip` does to the interface.
#include "net/monitor.h"

#include <poll.h>

#include <chrono>

#include "net/vip_manager.h"
#include "netns_lab.h"

namespace xvrrp::net {
namespace {

using testing::NetnsLab;

class Monitor : public NetnsLab {
  protected:
    void SetUp() override {
        NetnsLab::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        open_monitor(MonitorOptions{});
    }

    void open_monitor(const MonitorOptions& options) {
        auto m = LinkMonitor::open(options);
        ASSERT_TRUE(m) << m.error().message;
        monitor_.emplace(std::move(m).value());
    }

    // Drains events (as an epoll loop would) until `match` accepts one, or 3 s.
    std::optional<MonitorEvent> wait_for_event(
        const std::function<bool(const MonitorEvent&)>& match) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{monitor_->fd(), POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) {
                continue;
            }
            auto events = monitor_->drain();
            if (!events) {
                ADD_FAILURE() << events.error().message;
                return std::nullopt;
            }
            for (const auto& e : *events) {
                if (match(e)) {
                    return e;
                }
            }
        }
        return std::nullopt;
    }

    template <typename Event>
    std::optional<Event> wait_for(const std::function<bool(const Event&)>& match) {
        auto e = wait_for_event([&](const MonitorEvent& any) {
            const auto* ev = std::get_if<Event>(&any);
            return ev != nullptr && match(*ev);
        });
        if (!e) {
            return std::nullopt;
        }
        return std::get<Event>(*e);
    }

    std::optional<LinkMonitor> monitor_;
};

TEST_F(Monitor, LinkDownAndUpAreSeen) {
    ip(ns_a, "link set " + if_a + " down");
    auto down = wait_for<LinkEvent>(
        [&](const LinkEvent& e) { return e.link.index == ifindex_a && !e.link.admin_up(); });
    ASSERT_TRUE(down) << "no link-down event";
    EXPECT_EQ(down->link.name, if_a);
    EXPECT_FALSE(down->link.running());
    EXPECT_FALSE(down->deleted);

    ip(ns_a, "link set " + if_a + " up");
    auto up = wait_for<LinkEvent>(
        [&](const LinkEvent& e) { return e.link.index == ifindex_a && e.link.running(); });
    ASSERT_TRUE(up) << "no link-up event";
    EXPECT_TRUE(up->link.admin_up());
}

TEST_F(Monitor, CarrierLossOnThePeerIsSeen) {
    // The peer going down takes our carrier: admin up, but not running.
    ip(ns_b, "link set " + if_b + " down");
    auto lost = wait_for<LinkEvent>([&](const LinkEvent& e) {
        return e.link.index == ifindex_a && e.link.admin_up() && !e.link.running();
    });
    ASSERT_TRUE(lost) << "no carrier-loss event";
    EXPECT_FALSE(lost->link.lower_up());
    EXPECT_NE(lost->link.oper_state, OperState::Up);
}

TEST_F(Monitor, AddressAddedAndRemovedBehindOurBack) {
    ip(ns_a, "addr add 192.0.2.77/24 dev " + if_a);
    auto added = wait_for<AddressEvent>([&](const AddressEvent& e) {
        return e.added && e.address.addr.to_string() == "192.0.2.77";
    });
    ASSERT_TRUE(added) << "no address-added event";
    EXPECT_EQ(added->address.ifindex, ifindex_a);
    EXPECT_EQ(added->address.prefix_len, 24);

    ip(ns_a, "addr del 192.0.2.77/24 dev " + if_a);
    auto removed = wait_for<AddressEvent>([&](const AddressEvent& e) {
        return !e.added && e.address.addr.to_string() == "192.0.2.77";
    });
    ASSERT_TRUE(removed) << "no address-removed event";
    EXPECT_EQ(removed->address.ifindex, ifindex_a);

    ip(ns_a, "addr add 2001:db8::77/64 dev " + if_a + " nodad");
    ip(ns_a, "addr del 2001:db8::77/64 dev " + if_a);
    auto removed6 = wait_for<AddressEvent>([&](const AddressEvent& e) {
        return !e.added && e.address.addr.to_string() == "2001:db8::77";
    });
    ASSERT_TRUE(removed6) << "no IPv6 address-removed event";
    EXPECT_EQ(removed6->address.prefix_len, 64);
}

TEST_F(Monitor, DeletedLinkIsSeen) {
    const std::string extra = if_a.substr(0, if_a.size() - 1) + "x";
    ip(ns_a, "link add " + extra + " type veth peer name " + extra + "p");
    auto created =
        wait_for<LinkEvent>([&](const LinkEvent& e) { return e.link.name == extra && !e.deleted; });
    ASSERT_TRUE(created) << "no event for the new link";
    ip(ns_a, "link del " + extra);
    auto deleted = wait_for<LinkEvent>(
        [&](const LinkEvent& e) { return e.link.index == created->link.index && e.deleted; });
    ASSERT_TRUE(deleted) << "no link-deleted event";
    EXPECT_EQ(deleted->link.name, extra);
}

TEST_F(Monitor, OverrunAsksForResync) {
    open_monitor(MonitorOptions{.receive_buffer_bytes = 1});  // the kernel's minimum
    auto rtnl = RtnlSocket::open();
    ASSERT_TRUE(rtnl) << rtnl.error().message;
    std::vector<Vip> vips;
    for (int i = 1; i <= 100; ++i) {
        vips.push_back(Vip(*proto::IpAddr::parse("10.88.0." + std::to_string(i)), 32));
    }
    ASSERT_TRUE(add_vips(*rtnl, Iface{ifindex_a, if_a}, vips).empty());
    auto resync = wait_for<ResyncNeeded>([](const ResyncNeeded&) { return true; });
    EXPECT_TRUE(resync) << "100 notifications into a minimal buffer, and no overrun reported";
    // Afterwards the monitor reports changes again. With so small a buffer
    // the kernel may drop again, but then it must say so once more: the one
    // thing never allowed is losing the change silently.
    ip(ns_a, "addr del 10.88.0.1/32 dev " + if_a);
    auto next = wait_for_event([&](const MonitorEvent& e) {
        const auto* a = std::get_if<AddressEvent>(&e);
        return std::holds_alternative<ResyncNeeded>(e) ||
               (a != nullptr && !a->added && a->address.addr.to_string() == "10.88.0.1");
    });
    EXPECT_TRUE(next) << "the removal was neither reported nor flagged as lost";
}

TEST_F(Monitor, QuietMonitorDrainsNothing) {
    auto events = monitor_->drain();
    ASSERT_TRUE(events) << events.error().message;
    EXPECT_TRUE(events->empty());
}

}  // namespace
}  // namespace xvrrp::net
