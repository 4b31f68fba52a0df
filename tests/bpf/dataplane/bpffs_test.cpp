// The default pin root on a machine (or `ip netns exec` shell) whose
// /sys/fs/bpf has no bpffs mounted: xvrrp mounts one. Done in a private
// mount namespace so the host's mounts are never touched.
#include <sys/mount.h>
#include <sys/stat.h>

#include "dataplane/attachment.h"
#include "dataplane/bpffs.h"
#include "fixture.h"

namespace xvrrp::dataplane::testing {
namespace {

class DefaultPinRoot : public DataplaneTest {
  protected:
    void SetUp() override {
        DataplaneTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        mounts_ = std::make_unique<PrivateMounts>();
        ASSERT_TRUE(mounts_->ok()) << "cannot make a private mount namespace";
        // Like a fresh `ip netns exec` /sys: nothing on /sys/fs/bpf.
        while (on_bpffs(kDefaultBpffsMount) && umount2(kDefaultBpffsMount, MNT_DETACH) == 0) {
        }
        ASSERT_FALSE(on_bpffs(kDefaultBpffsMount));
    }

    void TearDown() override {
        mounts_.reset();
        DataplaneTest::TearDown();
    }

    std::unique_ptr<PrivateMounts> mounts_;
};

TEST_F(DefaultPinRoot, MountsBpffsWhereNoneIs) {
    auto ready = ensure_pin_root(kDefaultPinRoot);
    ASSERT_TRUE(ready.ok()) << ready.error().message;
    EXPECT_TRUE(on_bpffs(kDefaultBpffsMount));
    EXPECT_TRUE(on_bpffs(kDefaultPinRoot));
    EXPECT_TRUE(ensure_pin_root(kDefaultPinRoot).ok());  // idempotent
}

TEST_F(DefaultPinRoot, AttachPinsUnderSysFsBpfXvrrp) {
    auto a = Attachment::attach(ifname());  // all defaults: /sys/fs/bpf/xvrrp, auto mode
    ASSERT_TRUE(a.ok()) << a.error().message;
    const std::string dir = std::string(kDefaultPinRoot) + "/" + ifname();
    EXPECT_EQ(a->pin_dir(), dir);
    struct stat st {};
    EXPECT_EQ(stat((dir + "/vrid").c_str(), &st), 0);
    EXPECT_EQ(a->mode(), XdpMode::Native);  // veth has native XDP
    ASSERT_TRUE(a->detach().ok());
    EXPECT_NE(stat(dir.c_str(), &st), 0);
}

}  // namespace
}  // namespace xvrrp::dataplane::testing
