#include "dataplane/attachment.h"

#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <spdlog/spdlog.h>

#include "dataplane/map_spec.h"
#include "dataplane/pin_lock.h"
#include "dataplane/tc_attach.h"

namespace xvrrp::dataplane {
namespace {

Error about(std::string_view ifname, const Error& e) {
    return Error{e.code, std::string(ifname) + ": " + e.message};
}

// Locks the pin root, creating it (and mounting bpffs) first if needed.
Result<PinLock> lock_pin_root(const std::string& pin_root, std::string_view ifname) {
    if (auto ready = ensure_pin_root(pin_root); !ready) {
        return about(ifname, ready.error());
    }
    auto lock = PinLock::acquire(pin_root);
    if (!lock) {
        return about(ifname, lock.error());
    }
    return lock;
}

Error foreign_program(std::string_view ifname, const AttachedProgram& prog) {
    const std::string who(ifname);
    return Error{EBUSY, who + ": another XDP program is attached (id " + std::to_string(prog.id) +
                            ", name '" + prog.name + "', " + to_string(prog.mode) +
                            " mode); xvrrp needs the interface to itself: remove it first "
                            "(ip link set dev " +
                            who + " xdp off)"};
}

}  // namespace

Result<ExistingState> inspect(std::string_view ifname, const std::string& pin_root) {
    auto ifindex = resolve_ifindex(ifname);
    if (!ifindex) {
        return ifindex.error();
    }
    auto prog = query_xdp(ifname, *ifindex);
    if (!prog) {
        return prog.error();
    }
    return ExistingState{*prog, list_pins(pin_dir_path(pin_root, ifname))};
}

Attachment::Attachment(std::string ifname, int ifindex, std::string pin_root, Skeleton skel)
    : ifname_(std::move(ifname)),
      ifindex_(ifindex),
      pin_root_(std::move(pin_root)),
      pin_dir_(pin_dir_path(pin_root_, ifname_)),
      skel_(std::move(skel)) {}

Attachment::Attachment(Attachment&& other) noexcept
    : ifname_(std::move(other.ifname_)),
      ifindex_(other.ifindex_),
      pin_root_(std::move(other.pin_root_)),
      pin_dir_(std::move(other.pin_dir_)),
      skel_(std::move(other.skel_)),
      mode_(other.mode_),
      reused_state_(other.reused_state_),
      replaced_id_(other.replaced_id_),
      previous_(std::move(other.previous_)),
      previous_fd_(std::exchange(other.previous_fd_, -1)),
      previous_egress_fd_(std::exchange(other.previous_egress_fd_, -1)) {}

Attachment& Attachment::operator=(Attachment&& other) noexcept {
    if (this != &other) {
        commit();
        ifname_ = std::move(other.ifname_);
        ifindex_ = other.ifindex_;
        pin_root_ = std::move(other.pin_root_);
        pin_dir_ = std::move(other.pin_dir_);
        skel_ = std::move(other.skel_);
        mode_ = other.mode_;
        reused_state_ = other.reused_state_;
        replaced_id_ = other.replaced_id_;
        previous_ = std::move(other.previous_);
        previous_fd_ = std::exchange(other.previous_fd_, -1);
        previous_egress_fd_ = std::exchange(other.previous_egress_fd_, -1);
    }
    return *this;
}

Attachment::~Attachment() {
    commit();
}

void Attachment::commit() {
    for (int* fd : {&previous_fd_, &previous_egress_fd_}) {
        if (*fd >= 0) {
            close(*fd);
        }
        *fd = -1;
    }
    previous_.reset();
}

Result<void> Attachment::put_on_egress() {
    auto there = query_egress(ifname_, ifindex_);
    if (!there) {
        return there.error();
    }
    const bool ours = *there && (*there)->is_xvrrp();
    if (ours) {
        previous_egress_fd_ = bpf_prog_get_fd_by_id((*there)->prog_id);
    }
    // Not ours: attached without replace, so the kernel refuses (EEXIST).
    return attach_egress(skel_.egress_prog_fd(), ifname_, ifindex_, ours);
}

void Attachment::undo_xdp(const std::optional<AttachedProgram>& old) {
    if (old) {
        if (const int err = swap_xdp_fd(ifindex_, previous_fd_, skel_.xdp_prog_fd(), old->mode);
            err != 0) {
            spdlog::error("{}: cannot put the previous xvrrp XDP program back: {}", ifname_,
                          std::strerror(-err));
        }
        return;
    }
    auto ours = query_xdp(ifname_, ifindex_);
    if (ours && *ours) {
        if (auto off = detach_xdp(**ours, ifname_, ifindex_); !off) {
            spdlog::error("{}", off.error().message);
        }
    }
}

// The egress slot as it was before attach: the replaced xvrrp program, or
// nothing.
Result<void> Attachment::restore_egress() {
    if (previous_egress_fd_ >= 0) {
        return attach_egress(previous_egress_fd_, ifname_, ifindex_, true);
    }
    return detach_egress(ifname_, ifindex_);
}

Result<Attachment> Attachment::attach(std::string_view ifname, const AttachOptions& options) {
    auto ifindex = resolve_ifindex(ifname);
    if (!ifindex) {
        return ifindex.error();
    }
    auto lock = lock_pin_root(options.pin_root, ifname);
    if (!lock) {
        return lock.error();
    }
    auto running = query_xdp(ifname, *ifindex);
    if (!running) {
        return running.error();
    }
    const std::optional<AttachedProgram>& old = *running;
    if (old && !old->is_xvrrp()) {
        return foreign_program(ifname, *old);
    }
    const std::string dir = pin_dir_path(options.pin_root, ifname);
    const bool had_pins = !list_pins(dir).empty();
    if (auto made = ensure_pin_dir(options.pin_root, ifname); !made) {
        return made.error();
    }
    // Only what this attach created is removed on failure: pins that were
    // there belong to a running (or crashed) instance.
    auto clean_up = [&] {
        if (!had_pins) {
            (void)remove_pin_dir(dir);
        }
    };
    // Pins of another layout are refused before libbpf reuses them: it checks
    // each map's shape, not what the fields mean.
    if (had_pins) {
        if (auto same = check_pinned_abi(dir, ifname); !same) {
            return same.error();
        }
    }
    auto skel = Skeleton::load(ifname, dir);
    if (!skel) {
        clean_up();
        return skel.error();
    }
    // Stamped at once, so pins left by a crash right after this are still
    // recognised as ours.
    {
        const uint32_t zero = 0, version = XVRRP_ABI_VERSION;
        if (bpf_map_update_elem(skel->map_fd(XVRRP_MAP_ABI_VERSION), &zero, &version, BPF_ANY) !=
            0) {
            const int err = errno;
            clean_up();
            return errno_error(err, std::string(ifname) + ": cannot write the ABI version pin");
        }
    }
    Attachment a(std::string(ifname), *ifindex, options.pin_root, std::move(skel).value());
    a.reused_state_ = had_pins;
    if (old) {
        if (options.mode != XdpMode::Auto && options.mode != old->mode) {
            spdlog::warn(
                "{}: keeping {} mode of the running xvrrp program (asked for {}); "
                "detach first to change the mode",
                ifname, to_string(old->mode), to_string(options.mode));
        }
        a.previous_fd_ = bpf_prog_get_fd_by_id(old->id);
        auto mode = replace_xdp(a.skel_.xdp_prog_fd(), *old, ifname, *ifindex);
        if (!mode) {
            return mode.error();  // the old program and its pins stay as they were
        }
        a.mode_ = *mode;
        a.replaced_id_ = old->id;
        a.previous_ = old;
    } else {
        auto mode = attach_xdp(a.skel_.object(), kXdpProgName, ifname, *ifindex, options.mode);
        if (!mode) {
            clean_up();
            return mode.error();
        }
        a.mode_ = *mode;
    }
    if (auto egress = a.put_on_egress(); !egress) {
        a.undo_xdp(old);
        if (!old) {
            clean_up();
        }
        return egress.error();
    }
    if (had_pins) {
        spdlog::info("{}: reusing pinned state in {}", ifname, dir);
    }
    return a;
}

Result<void> Attachment::reattach(int ifindex) {
    commit();
    ifindex_ = ifindex;
    auto running = query_xdp(ifname_, ifindex);
    if (!running) {
        return running.error();
    }
    if (*running && !(*running)->is_xvrrp()) {
        return foreign_program(ifname_, **running);
    }
    if (!*running) {
        if (auto on = attach_xdp_fd(skel_.xdp_prog_fd(), ifname_, ifindex, mode_); !on) {
            return on.error();
        }
    }
    if (auto egress = put_on_egress(); !egress) {
        undo_xdp(std::nullopt);
        return egress.error();
    }
    commit();  // put_on_egress may keep a replaced egress program for roll_back
    return {};
}

Result<void> Attachment::detach() {
    commit();
    return dataplane::detach(ifname_, pin_root_);
}

Result<void> Attachment::roll_back() {
    if (!previous_ || previous_fd_ < 0) {
        return detach();
    }
    auto lock = lock_pin_root(pin_root_, ifname_);
    if (!lock) {
        return lock.error();
    }
    auto ours = query_xdp(ifname_, ifindex_);
    if (!ours) {
        return ours.error();
    }
    if (!*ours) {
        return Error{ENOENT, ifname_ +
                                 ": cannot put the previous xvrrp program back: nothing "
                                 "is attached any more"};
    }
    if (const int err = swap_xdp_fd(ifindex_, previous_fd_, skel_.xdp_prog_fd(), previous_->mode);
        err != 0) {
        return errno_error(err, ifname_ + ": cannot put the previous xvrrp program back");
    }
    if (auto egress = restore_egress(); !egress) {
        return egress;
    }
    spdlog::info("{}: rolled back to the previous xvrrp program (id {})", ifname_, previous_->id);
    commit();
    return {};
}

Result<std::vector<Attachment>> attach_all(const std::vector<std::string>& ifnames,
                                           const AttachOptions& options) {
    std::vector<Attachment> done;
    for (const auto& name : ifnames) {
        auto a = Attachment::attach(name, options);
        if (!a) {
            for (auto it = done.rbegin(); it != done.rend(); ++it) {
                if (auto undone = it->roll_back(); !undone) {
                    spdlog::error("{} (while rolling back)", undone.error().message);
                }
            }
            return a.error();
        }
        done.push_back(std::move(a).value());
    }
    for (auto& a : done) {
        a.commit();
    }
    return done;
}

Result<void> detach(std::string_view ifname, const std::string& pin_root) {
    const std::string dir = pin_dir_path(pin_root, ifname);
    auto ifindex = resolve_ifindex(ifname);
    if (!ifindex && ifindex.error().code != ENODEV) {
        return ifindex.error();
    }
    // Nothing can be pinned where there is no bpffs: then there is no
    // folder to lock or clean, only a program to take off.
    std::optional<PinLock> lock;
    if (on_bpffs(pin_root)) {
        auto locked = PinLock::acquire(pin_root);
        if (!locked) {
            return about(ifname, locked.error());
        }
        lock.emplace(std::move(locked).value());
    }
    if (ifindex) {
        if (auto off = detach_egress(ifname, *ifindex); !off) {
            return off;
        }
        auto running = query_xdp(ifname, *ifindex);
        if (!running) {
            return running.error();
        }
        if (*running && (*running)->is_xvrrp()) {
            if (auto off = detach_xdp(**running, ifname, *ifindex); !off) {
                return off;
            }
        } else if (*running) {
            spdlog::warn("{}: runs another XDP program ('{}', id {}); left alone", ifname,
                         (*running)->name, (*running)->id);
        }
    }
    if (!lock) {
        return {};
    }
    if (auto removed = remove_pin_dir(dir); !removed) {
        return about(ifname, removed.error());
    }
    return {};
}

}  // namespace xvrrp::dataplane
