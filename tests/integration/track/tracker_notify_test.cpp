// Notify scripts and the notify FIFO through the Tracker, with real
// processes: delivered in order per instance, without ever blocking the loop.
#include <fcntl.h>
#include <pwd.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "track/tracker.h"
#include "tracker_loop.h"

using namespace xvrrp::track;
using track_it::drive;
using track_it::no_links;
using track_it::now_us;
using track_it::read_file;
using track_it::TempDir;
using track_it::write_script;
using xvrrp::fsm::State;

namespace {

xvrrp::config::Instance instance(const std::string& name) {
    xvrrp::config::Instance in;
    in.name = name;
    in.interface = "eth0";
    in.vrid = 1;
    in.priority = 100;
    return in;
}

xvrrp::config::ScriptCommand cmd(const std::string& text) {
    xvrrp::config::ScriptCommand c;
    c.command = text;
    return c;
}

}  // namespace

TEST(TrackerNotify, ScriptsRunInOrderPerInstanceWhileTheLoopKeepsItsTimers) {
    TempDir dir;
    const auto log = dir / "log";
    write_script(dir / "slow.sh", "sleep 0.3; echo \"$1\" >> " + log);
    write_script(dir / "fast.sh", "echo \"$1\" >> " + log);
    write_script(dir / "any.sh", "echo \"any $*\" >> " + log);
    xvrrp::config::Config cfg;
    cfg.global.script_user = track_it::current_user();
    auto in = instance("VI_1");
    in.notify.master = cmd(dir / "slow.sh" + " MASTER");
    in.notify.backup = cmd(dir / "fast.sh" + " BACKUP");
    in.notify.any = cmd(dir / "any.sh");
    cfg.instances.push_back(in);
    Tracker t(cfg, no_links(), now_us());

    // The controller's loop: the tracker's fd plus a 20 ms periodic timer
    // standing in for the advert timer.
    xvrrp::Fd ep(epoll_create1(EPOLL_CLOEXEC));
    xvrrp::Fd tick(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    itimerspec period{{0, 20'000'000}, {0, 20'000'000}};
    timerfd_settime(tick.get(), 0, &period, nullptr);
    const uint64_t start = now_us();
    for (int fd : {t.fd(), tick.get()}) {
        epoll_event ev{EPOLLIN, {.fd = fd}};
        epoll_ctl(ep.get(), EPOLL_CTL_ADD, fd, &ev);
    }

    uint64_t worst_call = 0;
    auto timed = [&](auto&& f) {
        const uint64_t a = now_us();
        f();
        worst_call = std::max(worst_call, now_us() - a);
    };
    timed([&] { t.on_transition("VI_1", State::Backup, State::Master, 100, now_us()); });
    timed([&] { t.on_transition("VI_1", State::Master, State::Backup, 100, now_us()); });

    uint64_t ticks = 0;
    uint64_t worst_late = 0;
    const uint64_t end = now_us() + 5'000'000;
    while (t.notifications_pending() && now_us() < end) {
        epoll_event evs[4];
        const int n = epoll_wait(ep.get(), evs, 4, 50);
        for (int i = 0; i < n; ++i) {
            if (evs[i].data.fd == tick.get()) {
                uint64_t expirations = 0;
                if (read(tick.get(), &expirations, sizeof expirations) > 0) {
                    ticks += expirations;
                    const uint64_t due = start + ticks * 20'000;
                    worst_late = std::max(worst_late, now_us() > due ? now_us() - due : 0);
                }
            } else {
                timed([&] { t.on_readable(now_us()); });
            }
        }
    }
    ASSERT_FALSE(t.notifications_pending()) << "notify scripts did not finish";
    EXPECT_EQ(read_file(log),
              "MASTER\nany INSTANCE VI_1 MASTER 100\nBACKUP\nany INSTANCE VI_1 BACKUP 100\n");
    // The 300 ms script never held the loop: every call returned at once and
    // the timer was served on time all along (generous bounds: shared CPUs).
    EXPECT_LT(worst_call, 50'000u);
    EXPECT_LT(worst_late, 150'000u);
    EXPECT_GE(ticks, 14u);  // >= 300 ms of 20 ms ticks went by while it ran
    EXPECT_EQ(t.stats().notify_runs, 4u);
    EXPECT_EQ(t.stats().notify_failures, 0u);
}

TEST(TrackerNotify, AHangingScriptIsKilledAtTheTimeoutAndTheNextOneRuns) {
    TempDir dir;
    const auto log = dir / "log";
    write_script(dir / "hang.sh", "sleep 30");
    write_script(dir / "fast.sh", "echo \"$1\" >> " + log);
    xvrrp::config::Config cfg;
    cfg.global.script_user = track_it::current_user();
    auto in = instance("VI_1");
    in.notify.master = cmd(dir / "hang.sh");
    in.notify.backup = cmd(dir / "fast.sh" + " BACKUP");
    cfg.instances.push_back(in);
    auto opts = no_links();
    opts.notify_timeout_us = 300'000;
    Tracker t(cfg, opts, now_us());
    const uint64_t t0 = now_us();
    t.on_transition("VI_1", State::Backup, State::Master, 100, t0);
    t.on_transition("VI_1", State::Master, State::Backup, 100, t0);
    ASSERT_TRUE(drive(
        t, [&] { return !t.notifications_pending(); }, 5000));
    EXPECT_GE(now_us() - t0, 300'000u);
    EXPECT_EQ(read_file(log), "BACKUP\n");
    EXPECT_EQ(t.stats().notify_timeouts, 1u);
}

TEST(TrackerNotify, FifoReceivesInstanceAndGroupTransitionsInOrder) {
    TempDir dir;
    xvrrp::config::Config cfg;
    cfg.global.script_user = track_it::current_user();
    cfg.instances = {instance("A"), instance("B")};
    cfg.sync_groups.push_back({"G", {}, {"A", "B"}, {}, {}, {}});
    auto opts = no_links();
    opts.notify_fifo = dir / "fifo";
    Tracker t(cfg, opts, now_us());
    xvrrp::Fd reader(open(opts.notify_fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    ASSERT_TRUE(reader.valid());

    const uint64_t n = now_us();
    t.on_transition("A", State::Init, State::Backup, 100, n);
    t.on_transition("B", State::Init, State::Backup, 90, n);
    t.on_transition("A", State::Backup, State::Master, 100, n);
    t.on_transition("B", State::Backup, State::Master, 90, n);
    t.on_transition("A", State::Master, State::Init, 100, n);
    t.on_transition("B", State::Master, State::Init, 90, n);

    char buf[4096];
    const ssize_t got = read(reader.get(), buf, sizeof buf);
    ASSERT_GT(got, 0);
    EXPECT_EQ(std::string(buf, size_t(got)),
              "INSTANCE \"A\" BACKUP 100\n"
              "GROUP \"G\" BACKUP 0\n"
              "INSTANCE \"B\" BACKUP 90\n"
              "INSTANCE \"A\" MASTER 100\n"
              "INSTANCE \"B\" MASTER 90\n"
              "GROUP \"G\" MASTER 0\n"
              "INSTANCE \"A\" STOP 100\n"
              "GROUP \"G\" STOP 0\n"
              "INSTANCE \"B\" STOP 90\n");
    EXPECT_EQ(t.stats().fifo_lines, 9u);
}

TEST(TrackerNotify, ASlowFifoReaderCostsLinesNeverTheLoop) {
    TempDir dir;
    xvrrp::config::Config cfg;
    cfg.global.script_user = track_it::current_user();
    cfg.instances = {instance("VI_1")};
    auto opts = no_links();
    opts.notify_fifo = dir / "fifo";
    Tracker t(cfg, opts, now_us());
    // Nobody reads: the pipe fills after a few thousand lines.
    const int count = 6000;
    uint64_t worst = 0;
    for (int i = 0; i < count; ++i) {
        const uint64_t a = now_us();
        t.on_transition("VI_1", i % 2 ? State::Master : State::Backup,
                        i % 2 ? State::Backup : State::Master, 100, a);
        worst = std::max(worst, now_us() - a);
    }
    EXPECT_GT(t.stats().fifo_dropped, 0u);
    EXPECT_GT(t.stats().fifo_lines, 1000u);
    EXPECT_EQ(t.stats().fifo_lines + t.stats().fifo_dropped, uint64_t(count));
    EXPECT_LT(worst, 50'000u);
}

TEST(TrackerNotify, ASyncGroupMembersFaultHoldsTheOtherMembers) {
    xvrrp::config::Config cfg;
    cfg.global.script_user = track_it::current_user();
    auto a = instance("A");
    a.track_interfaces.push_back({"eth1", 0, false, {}});
    cfg.instances = {a, instance("B")};
    cfg.sync_groups.push_back({"G", {}, {"A", "B"}, {}, {}, {}});
    Tracker t(cfg, TrackerOptions{}, now_us());
    t.set_link("eth0", true);
    auto changes = t.set_link("eth1", true);
    EXPECT_FALSE(t.verdict("A")->fault);
    EXPECT_FALSE(t.verdict("B")->fault);
    changes = t.set_link("eth1", false);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].instance, "A");
    EXPECT_TRUE(changes[0].verdict.fault);
    EXPECT_EQ(changes[0].verdict.why, "interface eth1 is down");
    EXPECT_EQ(changes[1].instance, "B");
    EXPECT_TRUE(changes[1].verdict.fault);
    EXPECT_EQ(changes[1].verdict.why, "vrrp_sync_group G: A is in FAULT (interface eth1 is down)");
}

TEST(TrackerNotify, AMasterFallingBackToBackupTakesItsGroupAlong) {
    xvrrp::config::Config cfg;
    cfg.global.script_user = track_it::current_user();
    cfg.instances = {instance("A"), instance("B")};
    cfg.sync_groups.push_back({"G", {}, {"A", "B"}, {}, {}, {}});
    Tracker t(cfg, no_links(), now_us());
    const uint64_t n = now_us();
    t.on_transition("A", State::Init, State::Backup, 100, n);
    t.on_transition("B", State::Init, State::Backup, 100, n);
    EXPECT_FALSE(t.may_become_master("A", n, 3'000'000).allow);
    auto gate = t.may_become_master("B", n, 3'000'000);
    ASSERT_TRUE(gate.allow);
    EXPECT_EQ(gate.followers, std::vector<std::string>{"A"});
    t.on_transition("B", State::Backup, State::Master, 100, n);
    t.on_transition("A", State::Backup, State::Master, 100, n);
    auto r = t.on_transition("B", State::Master, State::Backup, 100, n);
    ASSERT_EQ(r.forced.size(), 1u);
    EXPECT_EQ(r.forced[0].instance, "A");
    EXPECT_EQ(r.forced[0].kind, ForcedKind::GoBackup);
}

TEST(TrackerNotify, AReloadKeepsTheFifoTheFirstTrackerCreated) {
    TempDir dir;
    xvrrp::config::Config cfg;
    cfg.global.script_user = track_it::current_user();
    cfg.instances = {instance("VI_1")};
    auto opts = no_links();
    opts.notify_fifo = dir / "fifo";
    auto first = std::make_unique<Tracker>(cfg, opts, now_us());
    {
        Tracker second(cfg, opts, now_us());  // the reload's new tracker
        second.inherit(*first);
        first.reset();
        struct stat st {};
        ASSERT_EQ(stat(opts.notify_fifo.c_str(), &st), 0) << "the old tracker removed the FIFO";
        EXPECT_TRUE(S_ISFIFO(st.st_mode));
        xvrrp::Fd reader(open(opts.notify_fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
        ASSERT_TRUE(reader.valid());
        second.on_transition("VI_1", State::Init, State::Backup, 100, now_us());
        char buf[256];
        const ssize_t got = read(reader.get(), buf, sizeof buf);
        ASSERT_GT(got, 0);
        EXPECT_EQ(std::string(buf, size_t(got)), "INSTANCE \"VI_1\" BACKUP 100\n");
    }
    struct stat st {};
    EXPECT_NE(stat(opts.notify_fifo.c_str(), &st), 0) << "created by xvrrp: removed at exit";
}

TEST(TrackerNotify, ACreatedFifoBelongsToTheNotifyFifoUser) {
    if (geteuid() != 0) {
        GTEST_SKIP() << "needs root to give the FIFO to another user";
    }
    const passwd* nobody = getpwnam("nobody");
    if (nobody == nullptr) {
        GTEST_SKIP() << "no user 'nobody' on this system";
    }
    TempDir dir;
    xvrrp::config::Config cfg;
    cfg.instances = {instance("VI_1")};
    auto opts = no_links();
    opts.notify_fifo = dir / "fifo";
    opts.notify_fifo_user = "nobody";
    Tracker t(cfg, opts, now_us());
    EXPECT_TRUE(t.warnings().empty()) << t.warnings().front();
    struct stat st {};
    ASSERT_EQ(stat(opts.notify_fifo.c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, nobody->pw_uid);
    EXPECT_EQ(st.st_gid, nobody->pw_gid);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(TrackerNotify, AnUnknownNotifyFifoUserMeansNoFifo) {
    TempDir dir;
    xvrrp::config::Config cfg;
    cfg.instances = {instance("VI_1")};
    auto opts = no_links();
    opts.notify_fifo = dir / "fifo";
    opts.notify_fifo_user = "no-such-user-xv";
    Tracker t(cfg, opts, now_us());
    ASSERT_EQ(t.warnings().size(), 1u);
    EXPECT_NE(t.warnings()[0].find("notify_fifo " + opts.notify_fifo), std::string::npos);
    EXPECT_NE(t.warnings()[0].find("no FIFO notifications"), std::string::npos);
    struct stat st {};
    EXPECT_NE(stat(opts.notify_fifo.c_str(), &st), 0);
}
