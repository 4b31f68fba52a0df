// The TC egress program on clsact egress (tc_attach.h): attached with the
// XDP program, replaced on restart, removed on detach, all or nothing, and
// never at the expense of qdiscs or filters that are not ours.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <unistd.h>

#include "common/fd.h"
#include "dataplane/attachment.h"
#include "dataplane/tc_attach.h"
#include "fixture.h"

namespace xvrrp::dataplane::testing {
namespace {

class EgressAttach : public DataplaneTest {
  protected:
    AttachOptions options() const { return {pin_root(), XdpMode::Skb}; }

    int index() const { return *resolve_ifindex(ifname()); }

    std::optional<EgressFilter> filter() const {
        auto f = query_egress(ifname(), index());
        EXPECT_TRUE(f.ok()) << f.error().message;
        return f.ok() ? *f : std::nullopt;
    }

    std::string tc(const std::string& args) const {
        return capture("ip netns exec " + ns_->name() + " tc " + args + " 2>&1");
    }
    bool has_clsact() const {
        return tc("qdisc show dev " + ifname()).find("clsact") != std::string::npos;
    }
    bool xdp_attached() const {
        auto p = query_xdp(ifname(), index());
        return p.ok() && p->has_value();
    }
};

// A SCHED_CLS program that is not ours: "return TC_ACT_UNSPEC".
Fd foreign_tc_program() {
    const bpf_insn insns[] = {
        {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, -1},
        {BPF_JMP | BPF_EXIT, 0, 0, 0, 0},
    };
    return Fd(bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, "foreign", "GPL", insns, 2, nullptr));
}

TEST_F(EgressAttach, AttachPutsOurFilterOnClsactEgress) {
    ASSERT_FALSE(has_clsact());
    auto a = Attachment::attach(ifname(), options());
    ASSERT_TRUE(a.ok()) << a.error().message;
    const auto f = filter();
    ASSERT_TRUE(f.has_value());
    EXPECT_TRUE(f->is_xvrrp());
    EXPECT_TRUE(has_clsact());
    const std::string shown = tc("filter show dev " + ifname() + " egress");
    EXPECT_NE(shown.find("pref 1 bpf"), std::string::npos) << shown;
    EXPECT_NE(shown.find("handle 0x7876 xvrrp_egress"), std::string::npos) << shown;
    EXPECT_NE(shown.find("direct-action"), std::string::npos) << shown;
}

TEST_F(EgressAttach, DetachRemovesOurFilterKeepsQdiscAndOtherFilters) {
    tc("qdisc add dev " + ifname() + " clsact");
    ASSERT_TRUE(has_clsact());
    tc("filter add dev " + ifname() + " egress pref 7 u32 match u32 0 0");
    auto a = Attachment::attach(ifname(), options());
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_TRUE(filter().has_value());
    ASSERT_TRUE(a->detach().ok());
    EXPECT_FALSE(filter().has_value());
    EXPECT_TRUE(has_clsact());
    const std::string shown = tc("filter show dev " + ifname() + " egress");
    EXPECT_NE(shown.find("pref 7 u32"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("xvrrp_egress"), std::string::npos) << shown;
}

TEST_F(EgressAttach, DetachByNameWithoutControllerRemovesOurFilter) {
    {
        auto a = Attachment::attach(ifname(), options());
        ASSERT_TRUE(a.ok()) << a.error().message;
    }  // the controller "dies": both programs stay
    ASSERT_TRUE(filter().has_value());
    ASSERT_TRUE(detach(ifname(), pin_root()).ok());
    EXPECT_FALSE(filter().has_value());
    EXPECT_FALSE(xdp_attached());
}

TEST_F(EgressAttach, RestartReplacesTheEgressProgramAndRollBackPutsItBack) {
    uint32_t first = 0;
    {
        auto a = Attachment::attach(ifname(), options());
        ASSERT_TRUE(a.ok()) << a.error().message;
        first = filter()->prog_id;
    }
    auto b = Attachment::attach(ifname(), options());
    ASSERT_TRUE(b.ok()) << b.error().message;
    const auto second = filter();
    ASSERT_TRUE(second.has_value());
    EXPECT_TRUE(second->is_xvrrp());
    EXPECT_NE(second->prog_id, first);
    // One filter of ours, not two.
    const std::string shown = tc("filter show dev " + ifname() + " egress");
    EXPECT_EQ(shown.find("handle 0x7876"), shown.rfind("handle 0x7876")) << shown;

    ASSERT_TRUE(b->roll_back().ok());
    EXPECT_EQ(filter()->prog_id, first);
}

TEST_F(EgressAttach, RestartOverAnXdpOnlyPredecessorRollsBackToNoFilter) {
    // A controller of a version without the egress program ran before.
    {
        auto a = Attachment::attach(ifname(), options());
        ASSERT_TRUE(a.ok()) << a.error().message;
        ASSERT_TRUE(detach_egress(ifname(), index()).ok());
    }
    auto b = Attachment::attach(ifname(), options());
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_TRUE(filter().has_value());
    ASSERT_TRUE(b->roll_back().ok());
    EXPECT_FALSE(filter().has_value());
    EXPECT_TRUE(xdp_attached());  // the predecessor's XDP program is back
}

TEST_F(EgressAttach, ForeignFilterInOurSlotRefusedAndXdpRolledBack) {
    Fd prog = foreign_tc_program();
    ASSERT_TRUE(prog.valid()) << "cannot load a test SCHED_CLS program";
    bpf_tc_hook hook{};
    hook.sz = sizeof hook;
    hook.ifindex = index();
    hook.attach_point = BPF_TC_EGRESS;
    ASSERT_EQ(bpf_tc_hook_create(&hook), 0);
    bpf_tc_opts opts{};
    opts.sz = sizeof opts;
    opts.prog_fd = prog.get();
    opts.handle = kEgressHandle;
    opts.priority = kEgressPriority;
    ASSERT_EQ(bpf_tc_attach(&hook, &opts), 0);

    auto a = Attachment::attach(ifname(), options());
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, EEXIST);
    EXPECT_NE(a.error().message.find(ifname() + ": cannot attach the TC egress program"),
              std::string::npos)
        << a.error().message;
    EXPECT_FALSE(xdp_attached());
    EXPECT_TRUE(list_pins(pin_dir()).empty());
    // And `xvrrp detach` leaves the foreign filter where it is.
    ASSERT_TRUE(detach(ifname(), pin_root()).ok());
    const auto f = filter();
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->name, "foreign");
}

TEST_F(EgressAttach, OtherFilterKindAtOurPriorityIsNamedInTheError) {
    tc("qdisc add dev " + ifname() + " clsact");
    tc("filter add dev " + ifname() + " egress pref 1 u32 match u32 0 0");
    auto a = Attachment::attach(ifname(), options());
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.error().message.find("egress pref 1"), std::string::npos) << a.error().message;
    EXPECT_FALSE(xdp_attached());
}

}  // namespace
}  // namespace xvrrp::dataplane::testing
