// The action executor's decisions, against a recording fake of the I/O edges.
#include "daemon/executor.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/router_image.h"
#include "fake_io.h"
#include "helpers.h"
#include "proto/codec.h"

namespace xvrrp::daemon {
namespace {

using testing::FakeIo;
using testing::instance;
using testing::ip;

class ExecutorTest : public ::testing::Test {
  protected:
    uint64_t now_us = 1'000'000;
    FakeIo io;
    TimerQueue timers;
    Executor exec{io, timers, Clocks{[this] { return now_us; }, [] { return int64_t{1234}; }}};

    Instance make(uint8_t vrid, uint8_t priority, config::Instance in) {
        in.vrid = vrid;
        in.priority = priority;
        return Instance(vrid, std::move(in), ip("192.0.2.1"));
    }
    Instance make(uint8_t vrid = 7, uint8_t priority = 100) {
        return make(vrid, priority, instance(vrid, priority));
    }
    void run(Instance& inst, const fsm::VirtualRouter::Actions& actions) {
        exec.apply(inst, actions, now_us);
        exec.flush();
    }
    static int index_of(const std::vector<std::string>& v, const std::string& s) {
        auto it = std::find(v.begin(), v.end(), s);
        return it == v.end() ? -1 : static_cast<int>(it - v.begin());
    }
    static int priority_of(const std::vector<uint8_t>& frame) {
        auto r = proto::decode_frame(frame);
        return r && r->ok() ? r->advert.priority : -1;
    }
};

TEST_F(ExecutorTest, S2_BackupStartupArmsKernelMasterDownTimerAndWritesBackup) {
    Instance inst = make();
    run(inst, inst.fsm().startup(now_us));
    auto arms = io.of("arm_master_down");
    ASSERT_EQ(arms.size(), 1u);
    EXPECT_EQ(arms[0].ifname, "bond1");
    EXPECT_EQ(arms[0].key.vrid, 7);
    EXPECT_EQ(arms[0].value, 36'093u);  // T4: 100 / 1 cs -> 36.09375 ms
    auto writes = io.of("write_router");
    ASSERT_EQ(writes.size(), 1u);
    EXPECT_EQ(writes[0].router.state, XVRRP_STATE_BACKUP);
    EXPECT_EQ(writes[0].router.priority, 100);
    EXPECT_EQ(writes[0].router.lease_expires_ns, 0u);
    EXPECT_TRUE(io.of("send_frames").empty());
    EXPECT_TRUE(io.of("add_vips").empty());
    EXPECT_TRUE(timers.empty());
    // The kernel arms timers only for routers it has an entry for.
    EXPECT_LT(index_of(io.names(), "write_router"), index_of(io.names(), "arm_master_down"));
}

TEST_F(ExecutorTest, S1_OwnerStartupAdvertisesInstallsVipsThenAnnounces) {
    Instance inst = make(7, 255);
    run(inst, inst.fsm().startup(now_us));
    const auto names = io.names();
    // The kernel answers for the VIPs (MASTER + lease) before the addresses
    // go in, and both before any gratuitous ARP (A5).
    const int write = index_of(names, "write_router");
    const int add = index_of(names, "add_vips");
    ASSERT_GE(write, 0);
    ASSERT_GE(add, 0);
    EXPECT_LT(write, add);
    auto sends = io.of("send_frames");
    ASSERT_EQ(sends.size(), 2u);  // the advert batch, then the gratuitous batch
    ASSERT_EQ(sends[0].frames.size(), 1u);
    EXPECT_EQ(priority_of(sends[0].frames[0]), 255);
    EXPECT_EQ(sends[1].frames.size(), 5u);  // garp_master_repeat 5 x 1 VIP
    int last_send = -1;
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
        if (names[i] == "send_frames") {
            last_send = i;
        }
    }
    EXPECT_GT(last_send, add);
    EXPECT_EQ(io.of("write_router")[0].router.state, XVRRP_STATE_MASTER);
    EXPECT_EQ(timers.deadline(TimerKey{7, TimerKind::Advert}), now_us + 10'000);
    EXPECT_EQ(timers.deadline(TimerKey{7, TimerKind::Garp}), now_us + 5'000'000);
}

TEST_F(ExecutorTest, A4_GarpFramesAreFromTheVmac) {
    Instance inst = make(7, 255);
    run(inst, inst.fsm().startup(now_us));
    const auto garp = io.of("send_frames")[1].frames[0];
    const std::vector<uint8_t> vmac = {0x00, 0x00, 0x5e, 0x00, 0x01, 7};
    EXPECT_TRUE(std::equal(vmac.begin(), vmac.end(), garp.begin() + 6));  // Ethernet source
    EXPECT_EQ(garp[12], 0x08);
    EXPECT_EQ(garp[13], 0x06);  // ARP
}

TEST_F(ExecutorTest, MasterLeaseIsThreeAdvertIntervals) {
    Instance inst = make(7, 255);
    run(inst, inst.fsm().startup(now_us));
    const auto r = io.of("write_router")[0].router;
    EXPECT_EQ(r.lease_expires_ns, now_us * 1000 + 40'000'000);  // 4 x 10 ms
}

TEST_F(ExecutorTest, S8_AdvertsDueTogetherGoOutInOneBatchAndLeasesRefreshInOne) {
    Instance a = make(1, 255);
    Instance b = make(2, 255);
    exec.apply(a, a.fsm().startup(now_us), now_us);
    exec.apply(b, b.fsm().startup(now_us), now_us);
    exec.flush();
    io.calls.clear();

    now_us += 10'000;
    for (const auto& due : timers.pop_due(now_us)) {
        Instance& inst = due.key.instance == 1 ? a : b;
        exec.apply(inst, inst.fsm().advert_timer_fired(due.deadline_us), due.deadline_us);
    }
    exec.flush();
    auto sends = io.of("send_frames");
    ASSERT_EQ(sends.size(), 1u);  // one sendmmsg for the whole tick
    ASSERT_EQ(sends[0].frames.size(), 2u);
    EXPECT_TRUE(io.of("write_router").empty());  // nothing changed but the lease
    auto leases = io.of("refresh_leases");
    ASSERT_EQ(leases.size(), 1u);
    EXPECT_EQ(leases[0].keys.size(), 2u);
    EXPECT_EQ(leases[0].value, 40'000'000u);
    EXPECT_EQ(timers.deadline(TimerKey{1, TimerKind::Advert}), now_us + 10'000);
}

TEST_F(ExecutorTest, LeaseIsRefreshedBeforeRepeatedGratuitousFramesLeave) {
    // The TC egress program drops ARP from a VIP once the lease ran out: a
    // late tick must push the lease before its GARPs go out.
    Instance inst = make(7, 255);
    run(inst, inst.fsm().startup(now_us));
    io.calls.clear();
    now_us += 5'000'000;
    exec.apply(inst, inst.fsm().advert_timer_fired(now_us), now_us);
    exec.gratuitous_due(inst, now_us);
    exec.flush();
    const auto names = io.names();
    const int lease = index_of(names, "refresh_leases");
    ASSERT_GE(lease, 0);
    ASSERT_EQ(io.of("send_frames").size(), 2u);  // the advert, then the GARPs
    EXPECT_EQ(names.back(), "send_frames");
    EXPECT_LT(lease, static_cast<int>(names.size()) - 1);
}

TEST_F(ExecutorTest, I1_MigrationMasterSendsV3AndV2OnEveryTick) {
    config::Instance in = instance(7, 255);
    in.advert_int_cs = 100;
    in.version_migration = true;
    Instance inst = make(7, 255, in);
    run(inst, inst.fsm().startup(now_us));
    io.calls.clear();
    now_us += 1'000'000;
    for (const auto& due : timers.pop_due(now_us)) {
        if (due.key.kind == TimerKind::Advert) {
            exec.apply(inst, inst.fsm().advert_timer_fired(due.deadline_us), due.deadline_us);
        }
    }
    exec.flush();
    const auto sends = io.of("send_frames");
    ASSERT_EQ(sends.size(), 1u);
    ASSERT_EQ(sends[0].frames.size(), 2u);
    EXPECT_EQ(proto::decode_frame(sends[0].frames[0])->advert.version, proto::Version::V3);
    EXPECT_EQ(proto::decode_frame(sends[0].frames[1])->advert.version, proto::Version::V2);
    EXPECT_EQ(io.of("write_router").size() + io.of("refresh_leases").size(), 1u);
}

TEST_F(ExecutorTest, AdvertFramesArePrebuiltPerPriority) {
    Instance inst = make();
    auto first = inst.frames().get(100);
    EXPECT_EQ(inst.frames().get(100).get(), first.get());  // reused, not rebuilt
    auto zero = inst.frames().get(0);
    EXPECT_NE(zero.get(), first.get());
    EXPECT_EQ(priority_of(zero->packets[0]), 0);
    EXPECT_EQ(priority_of(first->packets[0]), 100);
}

TEST_F(ExecutorTest, P5_AdvertFrameIsFromTheVmacToTheVrrpGroup) {
    Instance inst = make();
    const auto& f = inst.frames().get(100)->packets[0];
    const std::vector<uint8_t> dst = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x12};
    const std::vector<uint8_t> src = {0x00, 0x00, 0x5e, 0x00, 0x01, 7};
    EXPECT_TRUE(std::equal(dst.begin(), dst.end(), f.begin()));
    EXPECT_TRUE(std::equal(src.begin(), src.end(), f.begin() + 6));
    auto r = proto::decode_frame(f);
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ(r->ip.src, ip("192.0.2.1"));
    EXPECT_EQ(r->ip.dst, ip("224.0.0.18"));
    EXPECT_EQ(r->advert.interval, 1);
    ASSERT_EQ(r->advert.addresses.size(), 1u);
    EXPECT_EQ(r->advert.addresses[0], ip("192.0.2.254"));
}

TEST_F(ExecutorTest, S4_MasterDownInstallsVipsBeforeAnnouncing) {
    Instance inst = make();
    run(inst, inst.fsm().startup(now_us));
    io.calls.clear();
    now_us += 36'093;
    run(inst, inst.fsm().master_down_timer_fired(now_us));
    const auto names = io.names();
    // The kernel entry (MASTER, no lease yet), the addresses, the lease (ARP
    // answers from here), the advert (which ends the old MASTER's lease),
    // the gratuitous ARP.
    const std::vector<std::string> expected = {"write_router", "add_vips", "refresh_leases",
                                               "send_frames", "send_frames"};
    EXPECT_EQ(names, expected);
    EXPECT_EQ(io.calls[0].router.state, XVRRP_STATE_MASTER);
    EXPECT_EQ(io.calls[0].router.lease_expires_ns, 0u);
    ASSERT_EQ(io.calls[1].vips.size(), 1u);
    EXPECT_EQ(io.calls[1].vips[0].addr, ip("192.0.2.254"));
    EXPECT_EQ(io.calls[1].vips[0].prefix_len, 32);
    EXPECT_EQ(inst.status().last_reason, "master-down timer");
    EXPECT_EQ(inst.status().last_transition_unix_ms, 1234);
}

TEST_F(ExecutorTest, S7_ShutdownFromMasterSendsPriorityZeroAndRemovesVips) {
    Instance inst = make(7, 255);
    run(inst, inst.fsm().startup(now_us));
    io.calls.clear();
    run(inst, inst.fsm().shutdown(now_us));
    auto sends = io.of("send_frames");
    ASSERT_EQ(sends.size(), 1u);
    ASSERT_EQ(sends[0].frames.size(), 1u);
    EXPECT_EQ(priority_of(sends[0].frames[0]), 0);
    ASSERT_EQ(io.of("remove_vips").size(), 1u);
    EXPECT_EQ(io.of("write_router").back().router.state, XVRRP_STATE_INIT);
    EXPECT_EQ(io.of("write_router").back().router.lease_expires_ns, 0u);
    EXPECT_FALSE(timers.deadline(TimerKey{7, TimerKind::Advert}).has_value());
    EXPECT_FALSE(timers.deadline(TimerKey{7, TimerKind::Garp}).has_value());
}

TEST_F(ExecutorTest, S3_ShutdownFromBackupCancelsTheKernelTimer) {
    Instance inst = make();
    run(inst, inst.fsm().startup(now_us));
    io.calls.clear();
    run(inst, inst.fsm().shutdown(now_us));
    EXPECT_EQ(io.of("cancel_master_down").size(), 1u);
    EXPECT_TRUE(io.of("send_frames").empty());
    EXPECT_EQ(io.of("write_router").back().router.state, XVRRP_STATE_INIT);
}

TEST_F(ExecutorTest, S10_PreemptedMasterRemovesVipsAndMirrorsTheNewMaster) {
    Instance inst = make();
    run(inst, inst.fsm().startup(now_us));
    run(inst, inst.fsm().master_down_timer_fired(now_us));
    io.calls.clear();
    proto::Advert adv;
    adv.vrid = 7;
    adv.priority = 200;
    adv.interval = 1;
    adv.addresses = {ip("192.0.2.254")};
    run(inst, inst.fsm().advert_received(adv, ip("192.0.2.2"), now_us));
    EXPECT_EQ(io.of("remove_vips").size(), 1u);
    auto w = io.of("write_router");
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].router.state, XVRRP_STATE_BACKUP);
    EXPECT_EQ(w[0].router.master_known, 1);
    EXPECT_EQ(w[0].router.master_priority, 200);
    EXPECT_EQ(w[0].router.master_addr[3], 2);
    EXPECT_EQ(w[0].router.master_adver_int_cs, 1);
    EXPECT_FALSE(timers.deadline(TimerKey{7, TimerKind::Advert}).has_value());
    EXPECT_FALSE(timers.deadline(TimerKey{7, TimerKind::Garp}).has_value());
}

TEST_F(ExecutorTest, MasterDownDelayCountsFromTheInputNotFromNow) {
    Instance inst = make();
    const uint64_t seen = now_us;
    auto actions = inst.fsm().startup(seen);
    now_us += 5'000;  // the controller got to it 5 ms later
    exec.apply(inst, actions, seen);
    exec.flush();
    EXPECT_EQ(io.of("arm_master_down")[0].value, 36'093u - 5'000u);
}

TEST_F(ExecutorTest, S12_PreemptHeldInKernelUntilDelayExpires) {
    auto cfg = instance(7, 150);
    cfg.preempt_delay_ms = 2'000;
    Instance inst(7, cfg, ip("192.0.2.1"));
    run(inst, inst.fsm().startup(now_us));
    EXPECT_EQ(io.of("write_router")[0].router.preempt, 0);
    const TimerKey hold{7, TimerKind::PreemptDelay};
    ASSERT_EQ(timers.deadline(hold), now_us + 2'000'000);
    io.calls.clear();
    now_us += 2'000'000;
    run(inst, inst.fsm().preempt_delay_timer_fired(now_us));
    auto w = io.of("write_router");
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].router.preempt, 1);
}

// keepalived takes preempt_delay with sub-second resolution: 1.25 s is held
// 1.25 s (it was rounded up to 2 s).
TEST_F(ExecutorTest, S12_PreemptDelayKeepsItsMilliseconds) {
    auto cfg = instance(7, 150);
    cfg.preempt_delay_ms = 1'250;
    Instance inst(7, cfg, ip("192.0.2.1"));
    run(inst, inst.fsm().startup(now_us));
    EXPECT_EQ(timers.deadline(TimerKey{7, TimerKind::PreemptDelay}), now_us + 1'250'000);
    EXPECT_EQ(inst.fsm().preempt_hold_until_us(), now_us + 1'250'000);
}

TEST_F(ExecutorTest, NoPreemptIsMirrored) {
    auto cfg = instance(7, 150);
    cfg.preempt = false;
    Instance inst(7, cfg, ip("192.0.2.1"));
    run(inst, inst.fsm().startup(now_us));
    EXPECT_EQ(io.of("write_router")[0].router.preempt, 0);
}

TEST_F(ExecutorTest, UnchangedStateIsNotRewritten) {
    Instance inst = make();
    run(inst, inst.fsm().startup(now_us));
    io.calls.clear();
    run(inst, inst.fsm().master_down_timer_fired(now_us));  // BACKUP -> MASTER: a write
    io.calls.clear();
    run(inst, inst.fsm().advert_timer_fired(now_us + 10'000));
    EXPECT_TRUE(io.of("write_router").empty());
    EXPECT_EQ(io.of("refresh_leases").size(), 1u);
}

TEST_F(ExecutorTest, VipsRemovedAndReaddedInOneIterationStayInPlace) {
    Instance inst = make(7, 255);
    exec.apply(inst, inst.fsm().startup(now_us), now_us);
    exec.apply(inst, inst.fsm().set_fault(true, now_us), now_us);
    exec.apply(inst, inst.fsm().set_fault(false, now_us), now_us);
    exec.flush();
    EXPECT_TRUE(io.of("remove_vips").empty());
    EXPECT_EQ(io.of("add_vips").size(), 1u);
}

TEST_F(ExecutorTest, FaultFromMasterSendsPriorityZeroAndWritesFault) {
    Instance inst = make(7, 255);
    run(inst, inst.fsm().startup(now_us));
    io.calls.clear();
    run(inst, inst.fsm().set_fault(true, now_us));
    EXPECT_EQ(priority_of(io.of("send_frames")[0].frames[0]), 0);
    EXPECT_EQ(io.of("remove_vips").size(), 1u);
    EXPECT_EQ(io.of("write_router").back().router.state, XVRRP_STATE_FAULT);
}

TEST_F(ExecutorTest, AdoptMasterReinstallsVipsWithoutGratuitousFrames) {
    Instance inst = make(7, 100);
    exec.reinstall_vips(inst);
    run(inst, inst.fsm().adopt_master(now_us));
    EXPECT_EQ(io.of("add_vips").size(), 1u);
    auto sends = io.of("send_frames");
    ASSERT_EQ(sends.size(), 1u);  // one advert at once, no GARP burst
    EXPECT_EQ(priority_of(sends[0].frames[0]), 100);
    EXPECT_EQ(io.of("write_router")[0].router.state, XVRRP_STATE_MASTER);
    EXPECT_EQ(inst.fsm().transitions(), 0u);
}

TEST_F(ExecutorTest, UnicastAdvertsGoToEachPeerThroughTheIpLayer) {
    auto cfg = instance(7, 255);
    cfg.unicast_peers = {ip("192.0.2.2"), ip("192.0.2.3")};
    Instance inst(7, cfg, ip("192.0.2.1"));
    run(inst, inst.fsm().startup(now_us));
    auto uni = io.of("send_unicast");
    ASSERT_EQ(uni.size(), 1u);
    ASSERT_EQ(uni[0].addrs.size(), 2u);
    EXPECT_EQ(uni[0].addrs[1], ip("192.0.2.3"));
    auto r = proto::decode_ip_packet(uni[0].frames[1]);
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ(r->ip.dst, ip("192.0.2.3"));
    EXPECT_EQ(io.of("write_router")[0].router.unicast, 1);
}

TEST_F(ExecutorTest, V1_PassAuthIsInTheAdvertAndTheKernelEntry) {
    auto cfg = instance(7, 255);
    cfg.version = proto::Version::V2;
    cfg.advert_int_cs = 100;
    cfg.auth_pass_enabled = true;
    cfg.auth_pass = "secret";
    Instance inst(7, cfg, ip("192.0.2.1"));
    run(inst, inst.fsm().startup(now_us));
    const auto r = io.of("write_router")[0].router;
    EXPECT_EQ(r.version, 2);
    EXPECT_EQ(r.v2_auth_type, 1);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(r.v2_auth), 6), "secret");
    EXPECT_EQ(r.v2_adver_int_s, 1);
    auto d = proto::decode_frame(io.of("send_frames")[0].frames[0]);
    ASSERT_TRUE(d && d->ok());
    EXPECT_EQ(d->advert.auth_type, proto::AuthType::Pass);
    EXPECT_EQ(d->advert.interval, 1);  // v2: seconds
}

TEST_F(ExecutorTest, Ipv6VipsJoinSolicitedNodeGroupsAndSendNa) {
    config::Instance cfg = instance(7, 255);
    cfg.family = proto::Family::V6;
    cfg.vips = {config::VirtualAddress{ip("2001:db8::254"), 64, "", "", {}}};
    Instance inst(7, cfg, ip("fe80::1"), ip("fe80::1"));
    run(inst, inst.fsm().startup(now_us));
    auto joins = io.of("join_solicited_nodes");
    ASSERT_EQ(joins.size(), 1u);
    EXPECT_EQ(joins[0].addrs[0], ip("2001:db8::254"));
    auto sends = io.of("send_frames");
    ASSERT_EQ(sends.size(), 2u);
    EXPECT_EQ(sends[1].frames[0][12], 0x86);  // IPv6: the unsolicited NA
    EXPECT_EQ(sends[1].frames[0][13], 0xdd);
}

TEST_F(ExecutorTest, A4_SecondGarpBurstAfterMasterDelay) {
    Instance inst = make(7, 255);
    run(inst, inst.fsm().startup(now_us));
    io.calls.clear();
    const TimerKey garp{7, TimerKind::Garp};
    const uint64_t at = *timers.deadline(garp);
    exec.gratuitous_due(inst, at);
    exec.flush();
    auto sends = io.of("send_frames");
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(sends[0].frames.size(), 5u);
    EXPECT_FALSE(timers.deadline(garp).has_value());  // no refresh configured
}

TEST(RouterImage, LeaseOnlyDifferenceNeedsNoWrite) {
    xvrrp_router a{};
    xvrrp_router b{};
    a.lease_expires_ns = 1;
    b.lease_expires_ns = 2;
    EXPECT_TRUE(same_apart_from_lease(a, b));
    b.priority = 3;
    EXPECT_FALSE(same_apart_from_lease(a, b));
}

// Aligned advert timers (advert_grid.h): MASTERs that took over at different
// moments tick together from their second advert on, one batch per tick.
TEST_F(ExecutorTest, S8_MastersStartedApartTickTogetherOnTheIntervalGrid) {
    Instance a = make(1, 255);
    Instance b = make(2, 255);
    now_us = 1'002'300;
    run(a, a.fsm().startup(now_us));
    now_us = 1'007'900;
    run(b, b.fsm().startup(now_us));
    // Earlier than one interval after each first advert, never later.
    EXPECT_EQ(timers.deadline(TimerKey{1, TimerKind::Advert}), 1'010'000u);
    EXPECT_EQ(timers.deadline(TimerKey{2, TimerKind::Advert}), 1'010'000u);
    io.calls.clear();
    now_us = 1'010'000;
    fsm::VirtualRouter::Actions scratch;
    for (const auto& due : timers.pop_due(now_us)) {
        Instance& inst = due.key.instance == 1 ? a : b;
        inst.fsm().advert_timer_fired(due.deadline_us, scratch);
        exec.advert_tick(inst, scratch, due.deadline_us);
    }
    exec.flush();
    auto sends = io.of("send_frames");
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(sends[0].frames.size(), 2u);
    EXPECT_TRUE(io.of("write_router").empty());  // a tick changes nothing but the lease
    ASSERT_EQ(io.of("refresh_leases").size(), 1u);
    EXPECT_EQ(io.of("refresh_leases")[0].keys.size(), 2u);
    EXPECT_EQ(timers.deadline(TimerKey{1, TimerKind::Advert}), 1'020'000u);
    EXPECT_EQ(timers.deadline(TimerKey{2, TimerKind::Advert}), 1'020'000u);
    EXPECT_EQ(a.status().adverts_sent, 2u);
}

TEST_F(ExecutorTest, S8_LateTickIsRealignedWithoutABurst) {
    Instance a = make(1, 255);
    run(a, a.fsm().startup(now_us));
    io.calls.clear();
    // Woken 23.4 ms late: the controller takes "now" as the tick (one advert,
    // not three), and the next one goes back on the grid.
    const uint64_t at = now_us + 33'400;
    fsm::VirtualRouter::Actions scratch;
    a.fsm().advert_timer_fired(at, scratch);
    exec.advert_tick(a, scratch, at);
    exec.flush();
    ASSERT_EQ(io.of("send_frames").size(), 1u);
    EXPECT_EQ(io.of("send_frames")[0].frames.size(), 1u);
    EXPECT_EQ(timers.deadline(TimerKey{1, TimerKind::Advert}), now_us + 40'000);
}

TEST_F(ExecutorTest, AdvertTickOutsideMasterGoesThroughApply) {
    Instance a = make(1, 100);
    run(a, a.fsm().startup(now_us));  // BACKUP
    io.calls.clear();
    fsm::VirtualRouter::Actions scratch;
    a.fsm().advert_timer_fired(now_us, scratch);
    EXPECT_TRUE(scratch.empty());
    exec.advert_tick(a, scratch, now_us);
    exec.flush();
    EXPECT_TRUE(io.of("send_frames").empty());
    EXPECT_FALSE(timers.deadline(TimerKey{1, TimerKind::Advert}).has_value());
}

}  // namespace
}  // namespace xvrrp::daemon
