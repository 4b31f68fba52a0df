// A fixture with xvrrp attached to the namespace's veth and the typed map
// API, timer control and the XDP program's fd at hand.
#pragma once

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include <optional>
#include <span>
#include <vector>

#include "dataplane/attachment.h"
#include "dataplane/libbpf_opts.h"
#include "dataplane/maps.h"
#include "dataplane/timer_control.h"
#include "fixture.h"

namespace xvrrp::dataplane::testing {

class AttachedTest : public DataplaneTest {
  protected:
    void SetUp() override {
        DataplaneTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto a = Attachment::attach(ifname(), AttachOptions{pin_root(), XdpMode::Native});
        ASSERT_TRUE(a.ok()) << a.error().message;
        attachment_.emplace(std::move(a).value());
        auto m = Maps::from_skeleton(attachment_->skeleton(), ifname());
        ASSERT_TRUE(m.ok()) << m.error().message;
        maps_.emplace(std::move(m).value());
        auto t = TimerControl::from_skeleton(attachment_->skeleton(), ifname());
        ASSERT_TRUE(t.ok()) << t.error().message;
        timers_.emplace(std::move(t).value());
        auto prepared = timers_->prepare();  // as the controller does at attach
        ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    }

    void TearDown() override {
        timers_.reset();
        maps_.reset();
        attachment_.reset();
        DataplaneTest::TearDown();
    }

    // Runs the XDP program once on `frame` (BPF_PROG_TEST_RUN); the action.
    int run_xdp(std::span<const uint8_t> frame, uint32_t repeat = 1) {
        std::vector<uint8_t> out(frame.size() + 256);
        bpf_test_run_opts opts;
        dataplane::init_libbpf_opts(opts);
        opts.data_in = frame.data();
        opts.data_out = out.data();
        opts.data_size_in = static_cast<uint32_t>(frame.size());
        opts.data_size_out = static_cast<uint32_t>(out.size());
        opts.repeat = static_cast<int>(repeat);
        EXPECT_EQ(bpf_prog_test_run_opts(attachment_->skeleton().xdp_prog_fd(), &opts), 0);
        return static_cast<int>(opts.retval);
    }

    // A configured BACKUP router (v3, priority 100, 1 s adverts).
    static xvrrp_router backup_router(const proto::IpAddr& primary) {
        xvrrp_router r{};
        r.state = XVRRP_STATE_BACKUP;
        r.priority = 100;
        r.version = 3;
        r.preempt = 1;
        r.adver_int_cs = 100;
        r.vip_count = 1;
        r.v2_adver_int_s = 1;
        address_to_abi(primary, r.primary);
        return r;
    }

    std::optional<Attachment> attachment_;
    std::optional<Maps> maps_;
    std::optional<TimerControl> timers_;
};

inline proto::IpAddr ip(const char* text) {
    return *proto::IpAddr::parse(text);
}

}  // namespace xvrrp::dataplane::testing
