// Attach / detach / restart of the XDP program on a veth in a namespace.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sys/wait.h>

#include <grp.h>
#include <algorithm>
#include <functional>

#include "dataplane/attachment.h"
#include "dataplane/bpffs.h"
#include "dataplane/map_spec.h"
#include "dataplane/maps.h"
#include "dataplane/skeleton.h"
#include "fixture.h"
#include "xvrrp/abi.h"

namespace xvrrp::dataplane::testing {
namespace {

class Attach : public DataplaneTest {
  protected:
    AttachOptions options(XdpMode mode = XdpMode::Auto) const { return {pin_root(), mode}; }

    // What the kernel says runs on `name` (bpf_xdp_query through query_xdp).
    std::optional<AttachedProgram> running(const std::string& name) const {
        auto index = resolve_ifindex(name);
        EXPECT_TRUE(index.ok());
        auto prog = query_xdp(name, *index);
        EXPECT_TRUE(prog.ok()) << prog.error().message;
        return prog.ok() ? *prog : std::nullopt;
    }
};

bool exists(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

TEST_F(Attach, NativeModeOnVethRunsOurProgram) {
    auto a = Attachment::attach(ifname(), options(XdpMode::Native));
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->mode(), XdpMode::Native);
    EXPECT_FALSE(a->reused_state());
    const auto prog = running(ifname());
    ASSERT_TRUE(prog.has_value());
    EXPECT_EQ(prog->name, "xvrrp_xdp");
    EXPECT_EQ(prog->mode, XdpMode::Native);
    EXPECT_NE(capture(ns_->ip("link show dev " + ifname())).find("xdp"), std::string::npos);
}

TEST_F(Attach, EveryMapIsPinnedUnderItsAbiName) {
    auto a = Attachment::attach(ifname(), options());
    ASSERT_TRUE(a.ok()) << a.error().message;
    auto pins = list_pins(pin_dir());
    std::sort(pins.begin(), pins.end());
    for (const auto& spec : map_specs()) {
        EXPECT_TRUE(std::binary_search(pins.begin(), pins.end(), std::string(spec.name)))
            << spec.name << " not pinned in " << pin_dir();
        auto fd = open_pinned_map(pin_dir(), ifname(), spec);
        EXPECT_TRUE(fd.ok()) << (fd.ok() ? "" : fd.error().message);
    }
}

TEST_F(Attach, DetachRemovesProgramAndEveryPin) {
    auto a = Attachment::attach(ifname(), options());
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_FALSE(list_pins(pin_dir()).empty());
    auto off = a->detach();
    ASSERT_TRUE(off.ok()) << off.error().message;
    EXPECT_FALSE(running(ifname()).has_value());
    EXPECT_EQ(capture(ns_->ip("link show dev " + ifname())).find("prog/xdp"), std::string::npos);
    EXPECT_FALSE(exists(pin_dir()));
    EXPECT_TRUE(exists(pin_root()));
}

TEST_F(Attach, DetachWithoutControllerByName) {
    {
        auto a = Attachment::attach(ifname(), options());
        ASSERT_TRUE(a.ok()) << a.error().message;
    }  // the controller "exits": program and pins stay
    EXPECT_TRUE(running(ifname()).has_value());
    EXPECT_FALSE(list_pins(pin_dir()).empty());
    auto off = detach(ifname(), pin_root());
    ASSERT_TRUE(off.ok()) << off.error().message;
    EXPECT_FALSE(running(ifname()).has_value());
    EXPECT_FALSE(exists(pin_dir()));
}

TEST_F(Attach, MissingInterfaceIsNamedInTheError) {
    const std::string missing = "xvnone" + std::to_string(getpid() % 100000);
    auto a = Attachment::attach(missing, options());
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, ENODEV);
    EXPECT_NE(a.error().message.find(missing + ": interface not found"), std::string::npos)
        << a.error().message;
    EXPECT_FALSE(exists(pin_root() + "/" + missing));
}

TEST_F(Attach, InvalidInterfaceNameRefusedBeforeTouchingPins) {
    auto a = Attachment::attach("../evil", options());
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, EINVAL);
    EXPECT_NE(a.error().message.find("../evil"), std::string::npos);
}

TEST_F(Attach, SecondAttachReplacesProgramAndReusesPinnedState) {
    uint32_t first_id = 0;
    uint32_t first_map_id = 0;
    const RouterKey key{7, proto::Family::V4};
    {
        auto a = Attachment::attach(ifname(), options());
        ASSERT_TRUE(a.ok()) << a.error().message;
        first_id = running(ifname())->id;
        auto maps = Maps::from_skeleton(a->skeleton(), ifname());
        ASSERT_TRUE(maps.ok());
        xvrrp_router r{};
        r.state = XVRRP_STATE_MASTER;
        r.priority = 150;
        r.lease_expires_ns = 424242;
        ASSERT_TRUE(maps->put_router(key, r).ok());
        auto fd = open_pinned_map(pin_dir(), ifname(), *find_map_spec(XVRRP_MAP_COUNTERS));
        ASSERT_TRUE(fd.ok());
        bpf_map_info info{};
        uint32_t len = sizeof info;
        ASSERT_EQ(bpf_obj_get_info_by_fd(fd->get(), &info, &len), 0);
        first_map_id = info.id;
    }
    auto existing = inspect(ifname(), pin_root());
    ASSERT_TRUE(existing.ok()) << existing.error().message;
    EXPECT_TRUE(existing->xvrrp_attached());
    EXPECT_FALSE(existing->pins.empty());

    auto b = Attachment::attach(ifname(), options());
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_TRUE(b->reused_state());
    ASSERT_TRUE(b->replaced_program().has_value());
    EXPECT_EQ(*b->replaced_program(), first_id);
    const auto now = running(ifname());
    ASSERT_TRUE(now.has_value());
    EXPECT_NE(now->id, first_id);
    EXPECT_EQ(now->name, "xvrrp_xdp");
    // The same map object, not a fresh one with the same name.
    auto fd = open_pinned_map(pin_dir(), ifname(), *find_map_spec(XVRRP_MAP_COUNTERS));
    ASSERT_TRUE(fd.ok());
    bpf_map_info info{};
    uint32_t len = sizeof info;
    ASSERT_EQ(bpf_obj_get_info_by_fd(fd->get(), &info, &len), 0);
    EXPECT_EQ(info.id, first_map_id);
    // The new controller reads the previous run's router state back.
    auto maps = Maps::from_skeleton(b->skeleton(), ifname());
    ASSERT_TRUE(maps.ok());
    auto routers = maps->routers();
    ASSERT_TRUE(routers.ok());
    ASSERT_EQ(routers->size(), 1u);
    EXPECT_EQ(routers->front().first, key);
    EXPECT_EQ(routers->front().second.state, XVRRP_STATE_MASTER);
    EXPECT_EQ(routers->front().second.priority, 150);
    EXPECT_EQ(routers->front().second.lease_expires_ns, 424242u);
}

TEST_F(Attach, ForcedSkbModeIsGenericXdp) {
    auto a = Attachment::attach(ifname(), options(XdpMode::Skb));
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->mode(), XdpMode::Skb);
    const auto prog = running(ifname());
    ASSERT_TRUE(prog.has_value());
    EXPECT_EQ(prog->mode, XdpMode::Skb);
    EXPECT_NE(capture(ns_->ip("link show dev " + ifname())).find("xdpgeneric"), std::string::npos);
    ASSERT_TRUE(a->detach().ok());
    EXPECT_FALSE(running(ifname()).has_value());
}

TEST_F(Attach, ForeignProgramIsNotClobbered) {
    // Put libxdp's own xdp_pass program (from its dispatcher object) there.
    ASSERT_EQ(run(ns_->ip("link set dev " + ifname() +
                          " xdpgeneric obj /usr/lib/x86_64-linux-gnu/bpf/xdp-dispatcher.o "
                          "sec xdp")),
              0);
    const auto before = running(ifname());
    ASSERT_TRUE(before.has_value());
    auto a = Attachment::attach(ifname(), options());
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, EBUSY);
    EXPECT_NE(a.error().message.find(ifname() + ": another XDP program"), std::string::npos)
        << a.error().message;
    EXPECT_EQ(running(ifname())->id, before->id);
    EXPECT_FALSE(exists(pin_dir()));  // nothing left behind
    // detach by name leaves it alone too
    ASSERT_TRUE(detach(ifname(), pin_root()).ok());
    EXPECT_EQ(running(ifname())->id, before->id);
}

TEST_F(Attach, AllOrNothingRollsBackDoneInterfaces) {
    const std::string missing = "xvnone" + std::to_string(getpid() % 100000);
    auto all = attach_all({ns_->veth0(), ns_->veth1(), missing}, options());
    ASSERT_FALSE(all.ok());
    EXPECT_NE(all.error().message.find(missing), std::string::npos);
    EXPECT_FALSE(running(ns_->veth0()).has_value());
    EXPECT_FALSE(running(ns_->veth1()).has_value());
    EXPECT_FALSE(exists(pin_root() + "/" + ns_->veth0()));
    EXPECT_FALSE(exists(pin_root() + "/" + ns_->veth1()));

    auto ok = attach_all({ns_->veth0(), ns_->veth1()}, options());
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->size(), 2u);
    EXPECT_TRUE(running(ns_->veth1()).has_value());
}

TEST_F(Attach, RollBackOfARestartPutsThePreviousProgramBack) {
    uint32_t first_id = 0;
    {
        auto a = Attachment::attach(ifname(), options());
        ASSERT_TRUE(a.ok()) << a.error().message;
        first_id = running(ifname())->id;
    }
    const std::string missing = "xvnone" + std::to_string(getpid() % 100000);
    auto all = attach_all({ifname(), missing}, options());
    ASSERT_FALSE(all.ok());
    const auto now = running(ifname());
    ASSERT_TRUE(now.has_value());
    EXPECT_EQ(now->id, first_id);
    EXPECT_FALSE(list_pins(pin_dir()).empty());  // the running instance keeps its state
}

TEST_F(Attach, WithLibxdpDispatcherAvailableStillRunsAsTheOnlyProgram) {
    // Give libxdp a bpffs so it really tries its dispatcher (as it does with
    // the default pin root, where /sys/fs/bpf is mounted). Whether the kernel
    // takes the dispatcher or not, our program must end up attached directly.
    ASSERT_EQ(setenv("LIBXDP_BPFFS", pins_->mount_point().c_str(), 1), 0);
    auto a = Attachment::attach(ifname(), options(XdpMode::Native));
    unsetenv("LIBXDP_BPFFS");
    ASSERT_TRUE(a.ok()) << a.error().message;
    const auto prog = running(ifname());
    ASSERT_TRUE(prog.has_value());
    EXPECT_EQ(prog->name, "xvrrp_xdp");
    ASSERT_TRUE(a->detach().ok());
    EXPECT_FALSE(running(ifname()).has_value());
}

// Pins an abi_version map holding `version` where ours would be pinned.
void pin_abi_version(const std::string& dir, uint32_t version) {
    const int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "abi_version", 4, 4, 1, nullptr);
    ASSERT_GE(fd, 0);
    const uint32_t zero = 0;
    ASSERT_EQ(bpf_map_update_elem(fd, &zero, &version, BPF_ANY), 0);
    ASSERT_EQ(bpf_obj_pin(fd, (dir + "/abi_version").c_str()), 0);
    close(fd);
}

// The pins of an xvrrp before ABI version 2: hash tables, no abi_version.
TEST_F(Attach, PinsOfAnOlderAbiAreRefusedAndDetachRemovesThem) {
    ASSERT_TRUE(ensure_pin_root(pin_root()).ok());
    ASSERT_TRUE(ensure_pin_dir(pin_root(), ifname()).ok());
    const int old = bpf_map_create(BPF_MAP_TYPE_HASH, "vrid", 4, 72, 512, nullptr);
    ASSERT_GE(old, 0);
    ASSERT_EQ(bpf_obj_pin(old, (pin_dir() + "/vrid").c_str()), 0);
    close(old);
    auto a = Attachment::attach(ifname(), options());
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, EPROTO);
    EXPECT_NE(a.error().message.find("older than ABI version 2"), std::string::npos)
        << a.error().message;
    EXPECT_NE(a.error().message.find("xvrrp detach " + ifname()), std::string::npos)
        << a.error().message;
    EXPECT_FALSE(running(ifname()).has_value());
    EXPECT_TRUE(exists(pin_dir() + "/vrid"));  // not ours to remove
    ASSERT_TRUE(detach(ifname(), pin_root()).ok());
    EXPECT_FALSE(exists(pin_dir()));
    auto again = Attachment::attach(ifname(), options());
    ASSERT_TRUE(again.ok()) << again.error().message;
}

TEST_F(Attach, PinsOfAnotherAbiVersionAreRefusedNamingBoth) {
    ASSERT_TRUE(ensure_pin_root(pin_root()).ok());
    ASSERT_TRUE(ensure_pin_dir(pin_root(), ifname()).ok());
    pin_abi_version(pin_dir(), 7);
    auto a = Attachment::attach(ifname(), options());
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.error().message.find("ABI version 7, this xvrrp uses 2"), std::string::npos)
        << a.error().message;
    EXPECT_NE(a.error().message.find("xvrrp detach " + ifname()), std::string::npos)
        << a.error().message;
    EXPECT_FALSE(running(ifname()).has_value());
}

TEST_F(Attach, StatePinnedByAnotherVersionIsReportedWithTheWayOut) {
    // Our ABI version, but a "vrid" map of another shape where ours would be
    // pinned: libbpf refuses to reuse it.
    ASSERT_TRUE(ensure_pin_root(pin_root()).ok());
    ASSERT_TRUE(ensure_pin_dir(pin_root(), ifname()).ok());
    pin_abi_version(pin_dir(), XVRRP_ABI_VERSION);
    const int old = bpf_map_create(BPF_MAP_TYPE_HASH, "vrid", 4, 8, 16, nullptr);
    ASSERT_GE(old, 0);
    ASSERT_EQ(bpf_obj_pin(old, (pin_dir() + "/vrid").c_str()), 0);
    close(old);
    auto a = Attachment::attach(ifname(), options());
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.error().message.find(ifname() + ": cannot load BPF program"), std::string::npos)
        << a.error().message;
    EXPECT_NE(a.error().message.find("xvrrp detach " + ifname()), std::string::npos)
        << a.error().message;
    EXPECT_FALSE(running(ifname()).has_value());
    EXPECT_TRUE(exists(pin_dir() + "/vrid"));  // not ours to remove
}

// Runs `body` in a child process as user nobody; returns what it printed.
std::string as_nobody(const std::function<std::string()>& body) {
    int fds[2];
    if (pipe(fds) != 0) {
        return "pipe failed";
    }
    const pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        std::string out = "could not drop privileges";
        if (setgroups(0, nullptr) == 0 && setresgid(65534, 65534, 65534) == 0 &&
            setresuid(65534, 65534, 65534) == 0) {
            out = body();
        }
        (void)!write(fds[1], out.data(), out.size());
        _exit(0);
    }
    close(fds[1]);
    std::string out;
    char buf[512];
    ssize_t n = 0;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    return out;
}

TEST_F(Attach, WithoutPrivilegesTheErrorSaysRunAsRoot) {
    const std::string name = ifname();
    const std::string load = as_nobody([&] {
        auto skel = Skeleton::load(name, "/tmp");
        return skel.ok() ? std::string("loaded?!") : skel.error().message;
    });
    EXPECT_EQ(load, name +
                        ": cannot load BPF program: need CAP_BPF and CAP_NET_ADMIN "
                        "(run as root)");
    const std::string root = pin_root();
    const std::string attach = as_nobody([&] {
        auto a = Attachment::attach(name, AttachOptions{root, XdpMode::Auto});
        return a.ok() ? std::string("attached?!") : a.error().message;
    });
    EXPECT_NE(attach.find("run as root"), std::string::npos) << attach;
    EXPECT_FALSE(running(ifname()).has_value());
}

TEST_F(Attach, PinRootOutsideBpffsIsRefusedWithAHint) {
    const std::string dir = "/tmp/xv-" + std::to_string(getpid()) + "-notbpf";
    auto a = Attachment::attach(ifname(), AttachOptions{dir, XdpMode::Auto});
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.error().message.find("not on a BPF filesystem"), std::string::npos)
        << a.error().message;
    EXPECT_FALSE(running(ifname()).has_value());
}

}  // namespace
}  // namespace xvrrp::dataplane::testing
