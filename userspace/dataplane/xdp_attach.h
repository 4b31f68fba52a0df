// Putting the loaded XDP program on an interface and taking it off, through
// libxdp, with the native -> SKB fallback, the atomic replace used by a
// restarted controller, and a query of what an interface runs now.
//
// xvrrp wants the interface to itself. Our program is loaded by us as a
// plain XDP program (its object also carries the timer control program and
// the pinned maps), so it cannot become a component of libxdp's
// multi-program dispatcher (those must be loaded as BPF_PROG_TYPE_EXT).
// What libxdp does with it, as investigated on the target kernel:
//  - with a bpffs at /sys/fs/bpf it probes the dispatcher; this kernel
//    refuses to load it (EPERM), libxdp turns that into EOPNOTSUPP and falls
//    back to attaching our program alone (XDP_FLAGS_UPDATE_IF_NOEXIST, so
//    nothing attached meanwhile is clobbered). Where the dispatcher
//    loads, linking an already-loaded XDP program into it fails, and libxdp
//    maps that to the same fallback. The probe's libbpf warnings are logged at debug
//    level; we log one line saying how the program ended up attached.
//  - without that bpffs it skips the dispatcher and attaches directly.
// LIBXDP_SKIP_DISPATCHER=1 would skip the probe too, but is process-global
// environment; the fallback costs a few milliseconds per attach.
// libxdp refuses to replace a program not behind its dispatcher ("unload
// first"), so a restarted controller replaces its predecessor's program
// itself with XDP_FLAGS_REPLACE (replace_xdp), atomically.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dataplane/result.h"
#include "xvrrp/abi.h"

struct bpf_object;

namespace xvrrp::dataplane {

// Name of our XDP function as the kernel reports it (bpf_prog_info.name).
inline constexpr const char* kXdpProgName = XVRRP_PROG_XDP;

enum class XdpMode : uint8_t {
    Auto,    // native, falling back to SKB (generic) with a warning
    Native,  // driver mode only
    Skb,     // generic mode only
};

const char* to_string(XdpMode mode);
// "auto", "native", "skb" (also "generic", "drv"); nullopt otherwise.
std::optional<XdpMode> parse_xdp_mode(std::string_view text);

// The XDP program an interface runs (native or generic).
struct AttachedProgram {
    uint32_t id = 0;
    std::string name;                // as the kernel reports it (<= 15 chars)
    XdpMode mode = XdpMode::Native;  // Native or Skb
    bool is_xvrrp() const { return name == kXdpProgName; }
};

// "EOPNOTSUPP" for -EOPNOTSUPP or EOPNOTSUPP: the name an operator will
// search for.
std::string errno_name(int err);

// The name (<= 15 chars) of the loaded program with this id; nullopt if it
// is gone, an error if its info cannot be read.
Result<std::optional<std::string>> program_name(uint32_t id, std::string_view what);

// The interface's index; "bond1: interface not found" if there is none.
Result<int> resolve_ifindex(std::string_view ifname);

// What runs on the interface now; nullopt when nothing is attached.
Result<std::optional<AttachedProgram>> query_xdp(std::string_view ifname, int ifindex);

// Attaches the loaded program `prog_name` of `obj` where nothing is
// attached yet. Returns the mode used: Auto tries native, then SKB with a
// logged warning.
Result<XdpMode> attach_xdp(bpf_object* obj, const char* prog_name, std::string_view ifname,
                           int ifindex, XdpMode mode);

// Attaches an already-loaded program by fd in `mode` (Native or Skb) where
// nothing is attached, without libxdp: re-attaching to a re-created device
// (Attachment::reattach), where the mode is known and libxdp's
// xdp_program__create would keep one more program fd open per call.
Result<void> attach_xdp_fd(int prog_fd, std::string_view ifname, int ifindex, XdpMode mode);

// Atomically swaps `old` (running) for `new_prog_fd` in the same mode
// (XDP_FLAGS_REPLACE: fails rather than clobbering a program attached in
// between). Used when a restarted controller takes over its own program.
Result<XdpMode> replace_xdp(int new_prog_fd, const AttachedProgram& old, std::string_view ifname,
                            int ifindex);

// Swaps program `old_fd` (attached in `mode`) for `new_fd`, failing if
// `old_fd` is no longer the one attached. Returns the negative errno.
int swap_xdp_fd(int ifindex, int new_fd, int old_fd, XdpMode mode);

// Detaches `prog` (as returned by query_xdp) if it is still the one
// attached; a program that is no longer attached is not an error. Done with
// XDP_FLAGS_REPLACE directly, which is what libxdp does for a program not
// behind its dispatcher, but without its dispatcher probing.
Result<void> detach_xdp(const AttachedProgram& prog, std::string_view ifname, int ifindex);

}  // namespace xvrrp::dataplane
