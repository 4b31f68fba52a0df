#include "daemon/service_notify.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace xvrrp::daemon {
namespace {

using fsm::State;

StateCounts counts(std::initializer_list<State> states) {
    StateCounts c;
    for (const State s : states) {
        c.add(s);
    }
    return c;
}

// A notifier whose datagrams land in `sent`.
struct Recorded {
    std::vector<std::string> sent;
    ServiceNotify notify;
    explicit Recorded(uint64_t watchdog_us = 0)
        : notify([this](const std::string& t) { sent.push_back(t); }, watchdog_us) {}
};

TEST(ServiceNotifyStatus, CountsEveryStateInTheSummary) {
    EXPECT_EQ(status_line(counts({State::Master, State::Master, State::Master, State::Backup})),
              "3 MASTER, 1 BACKUP, 0 FAULT");
    EXPECT_EQ(status_line(counts({State::Fault, State::Backup})), "0 MASTER, 1 BACKUP, 1 FAULT");
    EXPECT_EQ(status_line(StateCounts{}), "0 MASTER, 0 BACKUP, 0 FAULT");
}

TEST(ServiceNotifyStatus, NamesInitOnlyWhileSomeInstanceHasNoState) {
    EXPECT_EQ(status_line(counts({State::Init, State::Init, State::Backup})),
              "0 MASTER, 1 BACKUP, 0 FAULT, 2 INIT");
}

TEST(ServiceNotifyReady, WaitsUntilNoInstanceIsInInit) {
    Recorded r;
    r.notify.observe(counts({State::Init, State::Backup}));
    ASSERT_EQ(r.sent.size(), 1u);
    EXPECT_EQ(r.sent[0], "STATUS=0 MASTER, 1 BACKUP, 0 FAULT, 1 INIT");
    r.notify.observe(counts({State::Master, State::Backup}));
    ASSERT_EQ(r.sent.size(), 2u);
    EXPECT_EQ(r.sent[1], "READY=1\nSTATUS=1 MASTER, 1 BACKUP, 0 FAULT");
}

TEST(ServiceNotifyReady, FaultIsAFirstState) {
    Recorded r;
    r.notify.observe(counts({State::Fault}));
    ASSERT_EQ(r.sent.size(), 1u);
    EXPECT_EQ(r.sent[0], "READY=1\nSTATUS=0 MASTER, 0 BACKUP, 1 FAULT");
}

TEST(ServiceNotifyReady, SentOnceEvenWhenInstancesGoBackToInit) {
    Recorded r;
    r.notify.observe(counts({State::Backup}));
    r.notify.observe(counts({State::Backup, State::Init}));  // a reload added one
    r.notify.observe(counts({State::Backup, State::Master}));
    ASSERT_EQ(r.sent.size(), 3u);
    EXPECT_EQ(r.sent[1], "STATUS=0 MASTER, 1 BACKUP, 0 FAULT, 1 INIT");
    EXPECT_EQ(r.sent[2], "STATUS=1 MASTER, 1 BACKUP, 0 FAULT");
}

TEST(ServiceNotifyStatus, SentOnlyWhenTheCountsChange) {
    Recorded r;
    r.notify.observe(counts({State::Master, State::Backup}));
    r.notify.observe(counts({State::Backup, State::Master}));  // other instances, same counts
    r.notify.observe(counts({State::Master, State::Backup}));
    EXPECT_EQ(r.sent.size(), 1u);
    r.notify.observe(counts({State::Master, State::Master}));
    EXPECT_EQ(r.sent.size(), 2u);
}

TEST(ServiceNotifyReload, ReloadingCarriesTheMonotonicTimeThenReady) {
    Recorded r;
    r.notify.observe(counts({State::Backup}));
    r.notify.reloading(123'456'789);
    r.notify.reloaded();
    ASSERT_EQ(r.sent.size(), 3u);
    EXPECT_EQ(r.sent[1], "RELOADING=1\nMONOTONIC_USEC=123456789");
    EXPECT_EQ(r.sent[2], "READY=1");
}

TEST(ServiceNotifyReload, BeforeTheFirstReadyNothingIsSent) {
    Recorded r;
    r.notify.observe(counts({State::Init}));
    r.notify.reloading(1);
    r.notify.reloaded();  // must not declare a service ready that is still in INIT
    ASSERT_EQ(r.sent.size(), 1u);
    r.notify.observe(counts({State::Backup}));
    ASSERT_EQ(r.sent.size(), 2u);
    EXPECT_EQ(r.sent[1].rfind("READY=1\n", 0), 0u);
}

TEST(ServiceNotifyStop, StoppingOnceAndNothingAfterIt) {
    Recorded r;
    r.notify.observe(counts({State::Master}));
    r.notify.stopping();
    r.notify.stopping();
    r.notify.observe(counts({State::Init}));
    r.notify.reloading(1);
    r.notify.reloaded();
    ASSERT_EQ(r.sent.size(), 2u);
    EXPECT_EQ(r.sent[1], "STOPPING=1");
}

TEST(ServiceNotifyWatchdog, PingsAtHalfTheManagersInterval) {
    Recorded r(3'000'000);
    EXPECT_EQ(r.notify.watchdog_period_us(), 1'500'000u);
    r.notify.watchdog();
    ASSERT_EQ(r.sent.size(), 1u);
    EXPECT_EQ(r.sent[0], "WATCHDOG=1");
}

TEST(ServiceNotifyWatchdog, NoPingsWithoutAnInterval) {
    Recorded r(0);
    EXPECT_FALSE(r.notify.watchdog_period_us());
    r.notify.watchdog();
    EXPECT_TRUE(r.sent.empty());
}

TEST(ServiceNotifyEnvironment, DisabledWithoutNotifySocket) {
    ::unsetenv("NOTIFY_SOCKET");
    ::setenv("WATCHDOG_USEC", "1000000", 1);
    const ServiceNotify n = ServiceNotify::from_environment();
    ::unsetenv("WATCHDOG_USEC");
    EXPECT_FALSE(n.enabled());
    EXPECT_FALSE(n.watchdog_period_us());
}

TEST(ServiceNotifyEnvironment, WatchdogFromWatchdogUsec) {
    ::setenv("NOTIFY_SOCKET", "/nonexistent/notify", 1);
    ::setenv("WATCHDOG_USEC", "400000", 1);
    const ServiceNotify n = ServiceNotify::from_environment();
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("NOTIFY_SOCKET");
    EXPECT_TRUE(n.enabled());
    EXPECT_EQ(n.watchdog_period_us(), 200'000u);
}

TEST(ServiceNotifyEnvironment, WatchdogMeantForAnotherProcessIsIgnored) {
    ::setenv("NOTIFY_SOCKET", "/nonexistent/notify", 1);
    ::setenv("WATCHDOG_USEC", "400000", 1);
    ::setenv("WATCHDOG_PID", "1", 1);
    const ServiceNotify n = ServiceNotify::from_environment();
    ::unsetenv("WATCHDOG_PID");
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("NOTIFY_SOCKET");
    EXPECT_TRUE(n.enabled());
    EXPECT_FALSE(n.watchdog_period_us());
}

}  // namespace
}  // namespace xvrrp::daemon
