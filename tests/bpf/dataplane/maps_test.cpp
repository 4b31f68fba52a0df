// The typed map API against the real program's maps, and what bpftool and a
// controller-less reader see of them.
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include <bpf/libbpf.h>

#include "attached.h"
#include "dataplane/counters.h"
#include "dataplane/pinned_stats.h"
#include "proto/frames.h"

namespace xvrrp::dataplane::testing {
namespace {

using namespace std::chrono_literals;

constexpr RouterKey kV4{7, proto::Family::V4};
constexpr RouterKey kV6{7, proto::Family::V6};

class MapsTest : public AttachedTest {};

uint64_t counter(const std::vector<CounterValue>& values, xvrrp_counter which) {
    return values.at(static_cast<size_t>(which)).value;
}

// A valid v3 advert for VRID 7 from 192.0.2.2 with priority `priority`.
std::vector<uint8_t> advert_frame(uint8_t priority) {
    proto::Advert adv;
    adv.vrid = 7;
    adv.priority = priority;
    adv.addresses = {ip("192.0.2.100")};
    return proto::build_advert_frame(adv, proto::vmac(proto::Family::V4, 7), ip("192.0.2.2"),
                                     proto::vrrp_group(proto::Family::V4), XVRRP_CSUM_PSEUDO);
}

TEST_F(MapsTest, RouterStateRoundTripsEveryByte) {
    xvrrp_router r = backup_router(ip("192.0.2.1"));
    r.v2_auth_type = 1;
    std::memcpy(r.v2_auth, "secret\0\0", 8);
    r.lease_expires_ns = 123456789;
    ASSERT_TRUE(maps_->put_router(kV4, r).ok());
    auto back = maps_->router(kV4);
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_TRUE(back->has_value());
    r.present = 1;  // put_router marks the array slot as configured
    EXPECT_EQ(std::memcmp(&**back, &r, sizeof r), 0);
    EXPECT_FALSE(maps_->router(kV6)->has_value());  // the other family is another router
}

TEST_F(MapsTest, SetStateChangesOnlyTheState) {
    const xvrrp_router r = backup_router(ip("192.0.2.1"));
    ASSERT_TRUE(maps_->put_router(kV4, r).ok());
    ASSERT_TRUE(maps_->set_state(kV4, RouterState::Master).ok());
    const xvrrp_router back = **maps_->router(kV4);
    EXPECT_EQ(back.state, XVRRP_STATE_MASTER);
    xvrrp_router expected = r;
    expected.state = XVRRP_STATE_MASTER;
    expected.present = 1;
    EXPECT_EQ(std::memcmp(&back, &expected, sizeof back), 0);
}

TEST_F(MapsTest, ChangingAMissingRouterNamesInterfaceAndVrid) {
    auto done = maps_->set_state(RouterKey{9, proto::Family::V6}, RouterState::Master);
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ENOENT);
    EXPECT_NE(done.error().message.find(ifname() + ": VRID 9 (IPv6)"), std::string::npos)
        << done.error().message;
}

TEST_F(MapsTest, RoutersListsEveryRouterAndDeleteRemovesOne) {
    ASSERT_TRUE(maps_->put_router(kV6, backup_router(ip("fe80::1"))).ok());
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    ASSERT_TRUE(maps_->put_router({200, proto::Family::V4}, backup_router(ip("192.0.2.1"))).ok());
    auto all = maps_->routers();
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].first, kV4);  // ordered by VRID, then family
    EXPECT_EQ((*all)[1].first, kV6);
    EXPECT_EQ((*all)[2].first, (RouterKey{200, proto::Family::V4}));
    ASSERT_TRUE(maps_->delete_router(kV6).ok());
    EXPECT_EQ(maps_->routers()->size(), 2u);
    EXPECT_TRUE(maps_->delete_router(kV6).ok());  // twice is fine
}

TEST_F(MapsTest, LeaseIsMonotonicNowPlusValidity) {
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    const uint64_t before = monotonic_now_ns();
    ASSERT_TRUE(maps_->refresh_lease(kV4, 30ms).ok());
    const uint64_t after = monotonic_now_ns();
    const uint64_t lease = (*maps_->router(kV4))->lease_expires_ns;
    EXPECT_GE(lease, before + 30'000'000);
    EXPECT_LE(lease, after + 30'000'000);
}

TEST_F(MapsTest, BatchedLeaseRefreshTouchesOnlyTheGivenRouters) {
    const RouterKey keys[] = {{1, proto::Family::V4},
                              {2, proto::Family::V4},
                              {3, proto::Family::V6},
                              {4, proto::Family::V4}};
    for (const auto& k : keys) {
        xvrrp_router r = backup_router(ip("192.0.2.1"));
        r.lease_expires_ns = 5;
        r.priority = static_cast<uint8_t>(100 + k.vrid);
        ASSERT_TRUE(maps_->put_router(k, r).ok());
    }
    const RouterKey refresh[] = {keys[0], keys[2], keys[3], {99, proto::Family::V4}};
    const uint64_t before = monotonic_now_ns();
    auto done = maps_->refresh_leases(refresh, 1s);
    ASSERT_TRUE(done.ok()) << done.error().message;
    for (const auto& k : keys) {
        const xvrrp_router r = **maps_->router(k);
        EXPECT_EQ(r.priority, 100 + k.vrid);  // the rest of the entry is intact
        if (k == keys[1]) {
            EXPECT_EQ(r.lease_expires_ns, 5u);
        } else {
            EXPECT_GE(r.lease_expires_ns, before + 1'000'000'000);
        }
    }
    EXPECT_FALSE(maps_->router({99, proto::Family::V4})->has_value());  // not created
}

// Issue 13 item 1: a lease refresh is stores into the mapped array. A child
// under strict seccomp (read, write, exit, sigreturn only; the clock is the
// vDSO's) refreshes 255 leases: any syscall would kill it.
TEST_F(MapsTest, LeaseRefreshMakesNoSyscall) {
    std::vector<RouterKey> keys;
    for (int vrid = 1; vrid <= 255; ++vrid) {
        keys.push_back({uint8_t(vrid), proto::Family::V4});
        ASSERT_TRUE(maps_->put_router(keys.back(), backup_router(ip("192.0.2.1"))).ok());
    }
    const uint64_t before = monotonic_now_ns();
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) != 0) {
            syscall(SYS_exit, 2);
        }
        const bool ok = maps_->refresh_leases(keys, 1s).ok();
        syscall(SYS_exit, ok ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status))
        << "killed by signal " << WTERMSIG(status) << ": the refresh made a syscall";
    EXPECT_EQ(WEXITSTATUS(status), 0);
    // MAP_SHARED: the child's stores are the map's.
    EXPECT_GE((*maps_->router(keys.back()))->lease_expires_ns, before + 1'000'000'000);
}

TEST_F(MapsTest, VipsOfBothFamiliesRoundTrip) {
    ASSERT_TRUE(maps_->add_vip(ip("192.0.2.100"), kV4).ok());
    ASSERT_TRUE(maps_->add_vip(ip("2001:db8::100"), kV6).ok());
    EXPECT_EQ(**maps_->vip_owner(ip("192.0.2.100")), kV4);
    EXPECT_EQ(**maps_->vip_owner(ip("2001:db8::100")), kV6);
    EXPECT_FALSE(maps_->vip_owner(ip("192.0.2.101"))->has_value());
    auto all = maps_->vips();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].first, ip("192.0.2.100"));
    EXPECT_EQ((*all)[1].first, ip("2001:db8::100"));
    ASSERT_TRUE(maps_->delete_vip(ip("192.0.2.100")).ok());
    EXPECT_FALSE(maps_->vip_owner(ip("192.0.2.100"))->has_value());
    EXPECT_TRUE(maps_->delete_vip(ip("192.0.2.100")).ok());  // absent is fine
}

// 4096 IPv4 VIPs (XVRRP_MAX_VIPS) in the open-addressed table, in the
// subnets a large configuration uses; removing every other one leaves the
// rest findable, by the controller and by the XDP program's probe
// (xvrrp_vip4_home is the one both use).
TEST_F(MapsTest, Vip4TableHoldsTheMaximumAndRemovalsKeepTheRest) {
    auto nth = [](int n) { return proto::IpAddr::v4({10, uint8_t(n >> 8), uint8_t(n & 0xff), 1}); };
    for (int n = 0; n < XVRRP_MAX_VIPS; ++n) {
        auto done = maps_->add_vip(nth(n), RouterKey{uint8_t(1 + n % 255), proto::Family::V4});
        ASSERT_TRUE(done.ok()) << n << ": " << done.error().message;
    }
    for (int n = 0; n < XVRRP_MAX_VIPS; n += 2) {
        ASSERT_TRUE(maps_->delete_vip(nth(n)).ok());
    }
    for (int n = 0; n < XVRRP_MAX_VIPS; ++n) {
        auto owner = maps_->vip_owner(nth(n));
        ASSERT_TRUE(owner.ok());
        if (n % 2 == 0) {
            EXPECT_FALSE(owner->has_value()) << n;
        } else {
            ASSERT_TRUE(owner->has_value()) << n;
            EXPECT_EQ((*owner)->vrid, 1 + n % 255) << n;
        }
    }
    EXPECT_EQ(maps_->vips()->size(), size_t{XVRRP_MAX_VIPS / 2});
}

TEST_F(MapsTest, VipOfTheOtherFamilyIsRefused) {
    auto done = maps_->add_vip(ip("2001:db8::1"), kV4);
    ASSERT_FALSE(done.ok());
    EXPECT_NE(done.error().message.find("VRID 7 (IPv4): cannot add VIP 2001:db8::1"),
              std::string::npos)
        << done.error().message;
}

TEST_F(MapsTest, PeersRoundTripAndKeepTheirCount) {
    ASSERT_TRUE(maps_->add_peer(kV4, ip("192.0.2.2")).ok());
    ASSERT_TRUE(maps_->add_peer(kV4, ip("192.0.2.3")).ok());
    ASSERT_TRUE(maps_->add_peer(kV6, ip("fe80::2")).ok());
    ASSERT_TRUE(maps_->add_peer(kV4, ip("192.0.2.2")).ok());  // again: no duplicate
    auto all = maps_->peers();
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].addr, ip("192.0.2.2"));
    EXPECT_EQ((*all)[2].router, kV6);
    EXPECT_EQ((*all)[2].addr, ip("fe80::2"));
    ASSERT_TRUE(maps_->delete_peer(kV4, ip("192.0.2.3")).ok());
    EXPECT_EQ(maps_->peers()->size(), 2u);
}

TEST_F(MapsTest, InterfaceConfigRoundTrips) {
    const Mac mac = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};
    ASSERT_TRUE(maps_->set_interface(mac, 42).ok());
    auto cfg = maps_->interface_config();
    ASSERT_TRUE(cfg.ok());
    EXPECT_EQ(std::memcmp(cfg->mac, mac.data(), 6), 0);
    EXPECT_EQ(cfg->ifindex, 42u);
}

TEST_F(MapsTest, CountersAreSummedOverCpus) {
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    const auto frame = advert_frame(100);
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_set_t original;
    ASSERT_EQ(sched_getaffinity(0, sizeof original, &original), 0);
    // Run on every online CPU in turn so the per-CPU slots differ.
    uint32_t runs = 0;
    for (int cpu = 0; cpu < cpus && cpu < 8; ++cpu) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        if (sched_setaffinity(0, sizeof one, &one) != 0) {
            continue;
        }
        const uint32_t n = static_cast<uint32_t>(cpu) + 2;
        EXPECT_EQ(run_xdp(frame, n), XDP_DROP);
        runs += n;
    }
    ASSERT_EQ(sched_setaffinity(0, sizeof original, &original), 0);
    // The slots really differ per CPU, so the total below is a sum.
    const int possible = libbpf_num_possible_cpus();
    std::vector<uint64_t> slots(static_cast<size_t>(possible));
    const uint32_t index = XVRRP_CNT_ADVERT_RX;
    auto raw = open_pinned_map(pin_dir(), ifname(), *find_map_spec(XVRRP_MAP_COUNTERS));
    ASSERT_TRUE(raw.ok());
    ASSERT_EQ(bpf_map_lookup_elem(raw->get(), &index, slots.data()), 0);
    if (cpus >= 2) {
        EXPECT_GE(std::count_if(slots.begin(), slots.end(), [](uint64_t v) { return v > 0; }), 2);
    }
    auto values = maps_->counters();
    ASSERT_TRUE(values.ok()) << values.error().message;
    ASSERT_EQ(values->size(), static_cast<size_t>(XVRRP_CNT_MAX));
    EXPECT_EQ(counter(*values, XVRRP_CNT_ADVERT_RX), runs);
    EXPECT_EQ(counter(*values, XVRRP_CNT_ADVERT_ACCEPTED), runs);
    EXPECT_EQ(counter(*values, XVRRP_CNT_CSUM_PSEUDO), runs);
    EXPECT_EQ((*values)[XVRRP_CNT_ADVERT_RX].name, "advert_rx");
}

TEST(Counters, NamesAreUniqueAndComplete) {
    std::vector<std::string_view> names;
    for (int i = 0; i < XVRRP_CNT_MAX; ++i) {
        const auto name = counter_name(static_cast<xvrrp_counter>(i));
        EXPECT_NE(name, "unknown") << i;
        EXPECT_EQ(std::count(names.begin(), names.end(), name), 0) << name;
        names.push_back(name);
    }
    EXPECT_EQ(counter_name(XVRRP_CNT_ADVERT_RX), "advert_rx");
    EXPECT_EQ(counter_name(static_cast<xvrrp_counter>(XVRRP_DISCARD_D5_CHECKSUM)),
              "discard_d5_checksum");
    EXPECT_EQ(counter_name(XVRRP_CNT_CTL_CANCEL), "ctl_cancel");
}

TEST_F(MapsTest, BpftoolShowsNamedFields) {
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    ASSERT_TRUE(maps_->add_vip(ip("192.0.2.100"), kV4).ok());
    const std::string routers = capture("bpftool map dump pinned " + pin_dir() + "/vrid -j");
    // ABI 2: the key is the router's slot (XVRRP_ROUTER_SLOT), a plain u32.
    for (const char* field :
         {"\"present\"", "\"state\"", "\"priority\"", "\"lease_expires_ns\"", "\"master_addr\""}) {
        EXPECT_NE(routers.find(field), std::string::npos) << field << " in " << routers;
    }
    const std::string vips = capture("bpftool map dump pinned " + pin_dir() + "/vip4 -j");
    EXPECT_NE(vips.find("\"addr\""), std::string::npos) << vips;
    EXPECT_NE(vips.find("\"vrid\""), std::string::npos) << vips;
    const std::string counters = capture("bpftool map dump pinned " + pin_dir() + "/counters -j");
    EXPECT_NE(counters.find("\"cpu\""), std::string::npos) << counters;
    EXPECT_NE(counters.find("\"value\""), std::string::npos) << counters;
}

TEST_F(MapsTest, StatsReadFromPinsWithoutController) {
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    EXPECT_EQ(run_xdp(advert_frame(100), 3), XDP_DROP);
    timers_.reset();
    maps_.reset();
    attachment_.reset();  // the controller is gone; program and pins stay
    auto values = read_pinned_counters(ifname(), pin_root());
    ASSERT_TRUE(values.ok()) << values.error().message;
    EXPECT_EQ(counter(*values, XVRRP_CNT_ADVERT_RX), 3u);

    auto pinned = Maps::open_pinned(ifname(), pin_root());
    ASSERT_TRUE(pinned.ok()) << pinned.error().message;
    auto routers = pinned->routers();  // what a restarted controller reads back
    ASSERT_TRUE(routers.ok());
    ASSERT_EQ(routers->size(), 1u);
    EXPECT_EQ(routers->front().first, kV4);
    EXPECT_TRUE(routers->front().second.master_known);  // the program learned the master
}

TEST_F(MapsTest, StatsOfAnInterfaceWithoutXvrrpSayWhy) {
    auto values = read_pinned_counters(ns_->veth1(), pin_root());
    ASSERT_FALSE(values.ok());
    EXPECT_EQ(values.error().code, ENOENT);
    EXPECT_NE(values.error().message.find(ns_->veth1() + ": no xvrrp state pinned"),
              std::string::npos)
        << values.error().message;
}

TEST_F(MapsTest, PinnedMapOfTheWrongShapeIsRefused) {
    const MapSpec wrong{XVRRP_MAP_COUNTERS, BPF_MAP_TYPE_HASH, 4, 72};
    auto fd = open_pinned_map(pin_dir(), ifname(), wrong);
    ASSERT_FALSE(fd.ok());
    EXPECT_EQ(fd.error().code, EPROTO);
    EXPECT_NE(fd.error().message.find("not the map this xvrrp expects"), std::string::npos)
        << fd.error().message;
}

TEST_F(MapsTest, StatsWatcherFollowsAFreshlyPinnedMap) {
    auto watcher = PinnedCounters::open(ifname(), pin_root());
    ASSERT_TRUE(watcher.ok()) << watcher.error().message;
    const uint32_t first = watcher->map_id();
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    EXPECT_EQ(run_xdp(advert_frame(100), 2), XDP_DROP);
    EXPECT_EQ(counter(*watcher->read(), XVRRP_CNT_ADVERT_RX), 2u);
    // Detach and attach from scratch: new maps behind the same pin paths.
    timers_.reset();
    maps_.reset();
    ASSERT_TRUE(attachment_->detach().ok());
    attachment_.reset();
    auto again = Attachment::attach(ifname(), AttachOptions{pin_root(), XdpMode::Native});
    ASSERT_TRUE(again.ok()) << again.error().message;
    auto values = watcher->read();
    ASSERT_TRUE(values.ok()) << values.error().message;
    EXPECT_NE(watcher->map_id(), first);
    EXPECT_EQ(counter(*values, XVRRP_CNT_ADVERT_RX), 0u);
}

}  // namespace
}  // namespace xvrrp::dataplane::testing
