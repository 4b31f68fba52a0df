// What keepalived runs and writes on a transition: argument conventions and
// the FIFO line format.
#include "track/notify_plan.h"

#include <gtest/gtest.h>

using namespace xvrrp::track;
using xvrrp::fsm::State;
using Argv = std::vector<std::string>;

namespace {

NotifyArgv all_scripts() {
    NotifyArgv a;
    a[NotifySlot::Master] = {"/bin/to_master", "x"};
    a[NotifySlot::Backup] = {"/bin/to_backup"};
    a[NotifySlot::Fault] = {"/bin/to_fault"};
    a[NotifySlot::Stop] = {"/bin/to_stop"};
    a[NotifySlot::Any] = {"/bin/notify", "--flag"};
    return a;
}

}  // namespace

TEST(NotifyPlan, StateScriptRunsFirstThenGenericNotifyWithFourArguments) {
    auto jobs = notify_jobs(all_scripts(), {Subject::Instance, "VI_1", NotifyState::Master, 150});
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0], (NotifyJob{NotifySlot::Master, {"/bin/to_master", "x"}}));
    EXPECT_EQ(jobs[1].argv, (Argv{"/bin/notify", "--flag", "INSTANCE", "VI_1", "MASTER", "150"}));
}

TEST(NotifyPlan, EachStateRunsItsOwnScript) {
    const auto a = all_scripts();
    EXPECT_EQ(notify_jobs(a, {Subject::Instance, "V", NotifyState::Backup, 1})[0].argv[0],
              "/bin/to_backup");
    EXPECT_EQ(notify_jobs(a, {Subject::Instance, "V", NotifyState::Fault, 1})[0].argv[0],
              "/bin/to_fault");
    EXPECT_EQ(notify_jobs(a, {Subject::Instance, "V", NotifyState::Stop, 1})[0].argv[0],
              "/bin/to_stop");
}

TEST(NotifyPlan, GroupGenericNotifyGetsGroupAndPriorityZero) {
    NotifyArgv a;
    a[NotifySlot::Any] = {"/bin/notify"};
    auto jobs = notify_jobs(a, {Subject::Group, "G1", NotifyState::Fault, 99});
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].argv, (Argv{"/bin/notify", "GROUP", "G1", "FAULT", "0"}));
}

TEST(NotifyPlan, NothingConfiguredRunsNothing) {
    EXPECT_TRUE(
        notify_jobs(NotifyArgv{}, {Subject::Instance, "V", NotifyState::Master, 1}).empty());
}

TEST(NotifyPlan, FifoLineForAnInstance) {
    EXPECT_EQ(fifo_line({Subject::Instance, "VI_1", NotifyState::Master, 100}),
              "INSTANCE \"VI_1\" MASTER 100\n");
    EXPECT_EQ(fifo_line({Subject::Instance, "VI_1", NotifyState::Stop, 90}),
              "INSTANCE \"VI_1\" STOP 90\n");
}

TEST(NotifyPlan, FifoLineForAGroupCarriesPriorityZero) {
    EXPECT_EQ(fifo_line({Subject::Group, "G1", NotifyState::Backup, 100}),
              "GROUP \"G1\" BACKUP 0\n");
}

TEST(NotifyPlan, LeavingToInitIsStopAndStayingInInitIsNothing) {
    EXPECT_EQ(notify_state(State::Master, State::Init), NotifyState::Stop);
    EXPECT_EQ(notify_state(State::Fault, State::Init), NotifyState::Stop);
    EXPECT_EQ(notify_state(State::Init, State::Init), std::nullopt);
    EXPECT_EQ(notify_state(State::Init, State::Backup), NotifyState::Backup);
    EXPECT_EQ(notify_state(GroupState::Init), std::nullopt);
    EXPECT_EQ(notify_state(GroupState::Stop), NotifyState::Stop);
}
