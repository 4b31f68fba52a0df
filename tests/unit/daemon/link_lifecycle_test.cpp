#include "daemon/link_lifecycle.h"

#include <gtest/gtest.h>

namespace xvrrp::daemon {
namespace {

TEST(LinkLifecycle, MissingAtStartIsAttachedWhenItAppears) {
    LinkLifecycle l;
    EXPECT_EQ(l.phase(), LinkPhase::Missing);
    EXPECT_EQ(l.deleted(7), LinkStep::None);
    EXPECT_EQ(l.seen(7), LinkStep::Attach);
    l.attached(7);
    EXPECT_EQ(l.phase(), LinkPhase::Attached);
    EXPECT_EQ(l.ifindex(), 7);
}

TEST(LinkLifecycle, FlagChangesOfOurDeviceChangeNothing) {
    auto l = LinkLifecycle::attached_to(4);
    EXPECT_EQ(l.seen(4), LinkStep::None);
    EXPECT_EQ(l.phase(), LinkPhase::Attached);
}

TEST(LinkLifecycle, DeleteDropsAndRecreationReattaches) {
    auto l = LinkLifecycle::attached_to(4);
    EXPECT_EQ(l.deleted(4), LinkStep::Drop);
    EXPECT_EQ(l.phase(), LinkPhase::Gone);
    EXPECT_EQ(l.ifindex(), 0);
    EXPECT_EQ(l.deleted(4), LinkStep::None);  // repeated DELLINK
    EXPECT_EQ(l.seen(9), LinkStep::Reattach);
    l.attached(9);
    EXPECT_EQ(l.ifindex(), 9);
    EXPECT_EQ(l.seen(9), LinkStep::None);
}

TEST(LinkLifecycle, DeleteOfAnOlderDeviceIsHistory) {
    auto l = LinkLifecycle::attached_to(9);
    EXPECT_EQ(l.deleted(4), LinkStep::None);
    EXPECT_EQ(l.phase(), LinkPhase::Attached);
}

TEST(LinkLifecycle, NewIndexWithoutADeleteIsAReplacement) {
    auto l = LinkLifecycle::attached_to(4);
    EXPECT_EQ(l.seen(11), LinkStep::Replace);
    EXPECT_EQ(l.phase(), LinkPhase::Gone);
    l.attached(11);
    EXPECT_EQ(l.phase(), LinkPhase::Attached);
    EXPECT_EQ(l.deleted(4), LinkStep::None);
    EXPECT_EQ(l.deleted(11), LinkStep::Drop);
}

TEST(LinkLifecycle, FailedAttachIsRetriedOnTheNextNewlink) {
    LinkLifecycle fresh;
    EXPECT_EQ(fresh.seen(3), LinkStep::Attach);
    fresh.attach_failed();
    EXPECT_EQ(fresh.phase(), LinkPhase::Missing);
    EXPECT_EQ(fresh.seen(3), LinkStep::Attach);

    auto loaded = LinkLifecycle::attached_to(3);
    EXPECT_EQ(loaded.deleted(3), LinkStep::Drop);
    EXPECT_EQ(loaded.seen(5), LinkStep::Reattach);
    loaded.attach_failed();
    EXPECT_EQ(loaded.phase(), LinkPhase::Gone);
    EXPECT_EQ(loaded.seen(5), LinkStep::Reattach);  // the programs are still loaded
}

}  // namespace
}  // namespace xvrrp::daemon
