#include "dataplane/xdp_attach.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <unistd.h>
#include <xdp/libxdp.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <spdlog/spdlog.h>

#include "common/fd.h"
#include "dataplane/bpf_log.h"
#include "dataplane/libbpf_opts.h"

namespace xvrrp::dataplane {
namespace {

struct XdpProgramCloser {
    void operator()(xdp_program* p) const { xdp_program__close(p); }
};
struct MultiprogCloser {
    void operator()(xdp_multiprog* mp) const { xdp_multiprog__close(mp); }
};
using XdpProgramPtr = std::unique_ptr<xdp_program, XdpProgramCloser>;
using MultiprogPtr = std::unique_ptr<xdp_multiprog, MultiprogCloser>;

uint32_t mode_flag(XdpMode mode) {
    return mode == XdpMode::Skb ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
}

xdp_attach_mode libxdp_mode(XdpMode mode) {
    return mode == XdpMode::Skb ? XDP_MODE_SKB : XDP_MODE_NATIVE;
}

Error attach_error(int err, std::string_view ifname, XdpMode mode) {
    const std::string who(ifname);
    const std::string in = std::string(" in ") + to_string(mode) + " mode";
    switch (-err) {
        case EBUSY:
        case EEXIST:
            return Error{-err, who +
                                   ": another XDP program is already attached; xvrrp needs the "
                                   "interface to itself: remove it first (ip link set dev " +
                                   who + " xdp off)"};
        case EPERM:
        case EACCES:
            return Error{-err, who +
                                   ": cannot attach the XDP program: need CAP_NET_ADMIN and "
                                   "CAP_BPF (run as root)"};
        case ENODEV:
            return Error{-err, who + ": interface not found (it went away during attach)"};
        default:
            return Error{-err, who + ": XDP attach refused" + in + " (" + errno_name(err) + ": " +
                                   std::strerror(-err) + ")" +
                                   (mode == XdpMode::Native
                                        ? "; the driver may lack native XDP: try --xdp-mode skb"
                                        : "")};
    }
}

// Errors where trying SKB mode after native cannot help.
bool final_error(int err) {
    switch (-err) {
        case EBUSY:
        case EEXIST:
        case EPERM:
        case EACCES:
        case ENODEV:
            return true;
        default:
            return false;
    }
}

void log_how_attached(std::string_view ifname, int ifindex, XdpMode mode) {
    MultiprogPtr mp(xdp_multiprog__get_from_ifindex(ifindex));
    if (libxdp_get_error(mp.get()) != 0) {
        mp.release();  // an error pointer, not an object
        spdlog::info("{}: XDP program attached in {} mode", ifname, to_string(mode));
        return;
    }
    if (xdp_multiprog__is_legacy(mp.get())) {
        spdlog::info(
            "{}: XDP program attached in {} mode as the interface's only program "
            "(libxdp multi-program dispatcher not used)",
            ifname, to_string(mode));
    } else {
        spdlog::info("{}: XDP program attached in {} mode behind libxdp's dispatcher", ifname,
                     to_string(mode));
    }
}

}  // namespace

std::string errno_name(int err) {
    const char* name = strerrorname_np(std::abs(err));
    return name != nullptr ? name : std::to_string(std::abs(err));
}

const char* to_string(XdpMode mode) {
    switch (mode) {
        case XdpMode::Auto:
            return "auto";
        case XdpMode::Native:
            return "native";
        case XdpMode::Skb:
            return "skb";
    }
    return "?";
}

std::optional<XdpMode> parse_xdp_mode(std::string_view text) {
    if (text == "auto") {
        return XdpMode::Auto;
    }
    if (text == "native" || text == "drv") {
        return XdpMode::Native;
    }
    if (text == "skb" || text == "generic") {
        return XdpMode::Skb;
    }
    return std::nullopt;
}

Result<int> resolve_ifindex(std::string_view ifname) {
    const std::string name(ifname);
    if (name.empty() || name.size() >= IFNAMSIZ || name.find('/') != std::string::npos ||
        name == "." || name == "..") {
        return Error{EINVAL, "'" + name + "': not a valid interface name"};
    }
    const unsigned index = if_nametoindex(name.c_str());
    if (index == 0) {
        return Error{ENODEV, name + ": interface not found (check the name with `ip link`)"};
    }
    return static_cast<int>(index);
}

Result<std::optional<AttachedProgram>> query_xdp(std::string_view ifname, int ifindex) {
    bpf_xdp_query_opts q;
    init_libbpf_opts(q);
    if (const int err = bpf_xdp_query(ifindex, 0, &q); err != 0) {
        return errno_error(err, std::string(ifname) + ": cannot query the attached XDP program");
    }
    AttachedProgram prog;
    if (q.drv_prog_id != 0) {
        prog.id = q.drv_prog_id;
        prog.mode = XdpMode::Native;
    } else if (q.skb_prog_id != 0) {
        prog.id = q.skb_prog_id;
        prog.mode = XdpMode::Skb;
    } else {
        return std::optional<AttachedProgram>{};
    }
    auto name = program_name(prog.id, std::string(ifname) + ": XDP program");
    if (!name) {
        return name.error();
    }
    if (!*name) {
        // Detached between the two calls: nothing runs now.
        return std::optional<AttachedProgram>{};
    }
    prog.name = std::move(**name);
    return std::optional<AttachedProgram>{prog};
}

// Only ENOENT means the program is gone. EPERM (no CAP_SYS_ADMIN: the kernel
// needs it to open a program by id) must not read as "nothing attached", or a
// stop would leave the programs on the interface and say it took them off.
Result<std::optional<std::string>> program_name(uint32_t id, std::string_view what) {
    Fd fd(bpf_prog_get_fd_by_id(id));
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            return std::optional<std::string>{};
        }
        return errno_error(errno, std::string(what) + " " + std::to_string(id) +
                                      ": cannot open the program by id");
    }
    bpf_prog_info info{};
    uint32_t len = sizeof info;
    if (bpf_obj_get_info_by_fd(fd.get(), &info, &len) != 0) {
        return errno_error(errno, std::string(what) + " " + std::to_string(id) +
                                      ": cannot read the program's info");
    }
    return std::optional<std::string>{std::string(info.name)};
}

Result<XdpMode> attach_xdp(bpf_object* obj, const char* prog_name, std::string_view ifname,
                           int ifindex, XdpMode mode) {
    install_bpf_logging();
    xdp_program_opts opts;
    init_libbpf_opts(opts);
    opts.obj = obj;
    opts.prog_name = prog_name;
    XdpProgramPtr xp(xdp_program__create(&opts));
    if (!xp) {
        return errno_error(errno, std::string(ifname) + ": cannot prepare the XDP program");
    }
    const QuietLibbpfWarnings quiet;  // libxdp's dispatcher probing fails here, by design
    const XdpMode first = mode == XdpMode::Skb ? XdpMode::Skb : XdpMode::Native;
    int err = xdp_program__attach(xp.get(), ifindex, libxdp_mode(first), 0);
    if (err == 0) {
        log_how_attached(ifname, ifindex, first);
        return first;
    }
    if (mode != XdpMode::Auto || final_error(err)) {
        return attach_error(err, ifname, first);
    }
    spdlog::warn("{}: XDP attach refused in native mode ({}), retrying in SKB mode", ifname,
                 errno_name(err));
    err = xdp_program__attach(xp.get(), ifindex, XDP_MODE_SKB, 0);
    if (err != 0) {
        return attach_error(err, ifname, XdpMode::Skb);
    }
    log_how_attached(ifname, ifindex, XdpMode::Skb);
    return XdpMode::Skb;
}

Result<void> attach_xdp_fd(int prog_fd, std::string_view ifname, int ifindex, XdpMode mode) {
    const int err =
        bpf_xdp_attach(ifindex, prog_fd, XDP_FLAGS_UPDATE_IF_NOEXIST | mode_flag(mode), nullptr);
    if (err != 0) {
        return attach_error(err, ifname, mode);
    }
    // Not log_how_attached: libxdp's multiprog query keeps a program fd open
    // for a legacy attach, one more per re-created device.
    spdlog::info("{}: XDP program attached in {} mode (by fd)", ifname, to_string(mode));
    return {};
}

Result<XdpMode> replace_xdp(int new_prog_fd, const AttachedProgram& old, std::string_view ifname,
                            int ifindex) {
    Fd old_fd(bpf_prog_get_fd_by_id(old.id));
    if (old_fd.get() < 0) {
        return errno_error(errno, std::string(ifname) + ": running XDP program " +
                                      std::to_string(old.id) + " went away during takeover");
    }
    if (const int err = swap_xdp_fd(ifindex, new_prog_fd, old_fd.get(), old.mode); err != 0) {
        return errno_error(err, std::string(ifname) +
                                    ": cannot replace the running xvrrp XDP "
                                    "program (id " +
                                    std::to_string(old.id) + ")");
    }
    spdlog::info(
        "{}: replaced the running xvrrp XDP program (id {}) in {} mode, keeping its "
        "pinned state",
        ifname, old.id, to_string(old.mode));
    return old.mode;
}

int swap_xdp_fd(int ifindex, int new_fd, int old_fd, XdpMode mode) {
    bpf_xdp_attach_opts opts;
    init_libbpf_opts(opts);
    opts.old_prog_fd = old_fd;
    return bpf_xdp_attach(ifindex, new_fd, XDP_FLAGS_REPLACE | mode_flag(mode), &opts);
}

Result<void> detach_xdp(const AttachedProgram& prog, std::string_view ifname, int ifindex) {
    Fd fd(bpf_prog_get_fd_by_id(prog.id));
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            return {};  // the program is gone, so it is not attached
        }
        return errno_error(errno, std::string(ifname) + ": cannot open XDP program " +
                                      std::to_string(prog.id) + " to take it off");
    }
    // REPLACE with a null program: detaches only if `prog` is still the one
    // attached, never a program someone put there since we looked.
    bpf_xdp_attach_opts opts;
    init_libbpf_opts(opts);
    opts.old_prog_fd = fd.get();
    const int err = bpf_xdp_detach(ifindex, XDP_FLAGS_REPLACE | mode_flag(prog.mode), &opts);
    if (err == -EEXIST) {
        spdlog::warn("{}: XDP program {} was replaced by another one; leaving that one alone",
                     ifname, prog.id);
        return {};
    }
    if (err != 0) {
        return errno_error(
            err, std::string(ifname) + ": cannot detach XDP program " + std::to_string(prog.id));
    }
    spdlog::info("{}: XDP program {} detached ({} mode)", ifname, prog.id, to_string(prog.mode));
    return {};
}

}  // namespace xvrrp::dataplane
