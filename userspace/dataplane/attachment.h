// One interface running xvrrp's programs: load (maps pinned under
// <pin-root>/<ifname>), attach the XDP program and the TC egress program
// (tc_attach.h), and the reverse, under the pin-root lock. Both or neither:
// an egress attach that fails takes the XDP program back off.
//
// Restart is hitless: when the interface already runs an xvrrp program, the
// new load reuses its pinned maps (router state, lease, timers, counters)
// and atomically replaces both programs; reused_state() tells the controller
// to read the router state back and decide whether to adopt it.
//
// Destroying an Attachment only closes our handles: the program stays
// attached and the maps pinned, so a controller that dies leaves the kernel
// side serving until its lease runs out (DESIGN.md decision 4). Taking the
// program off is explicit: detach().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dataplane/bpffs.h"
#include "dataplane/result.h"
#include "dataplane/skeleton.h"
#include "dataplane/xdp_attach.h"

namespace xvrrp::dataplane {

struct AttachOptions {
    std::string pin_root = kDefaultPinRoot;
    XdpMode mode = XdpMode::Auto;
};

// What an earlier run left on an interface.
struct ExistingState {
    std::optional<AttachedProgram> program;  // what the interface runs now
    std::vector<std::string> pins;           // entries of <pin_root>/<ifname>
    bool xvrrp_attached() const { return program && program->is_xvrrp(); }
};

Result<ExistingState> inspect(std::string_view ifname, const std::string& pin_root);

class Attachment {
  public:
    static Result<Attachment> attach(std::string_view ifname, const AttachOptions& options = {});

    const std::string& ifname() const { return ifname_; }
    int ifindex() const { return ifindex_; }
    XdpMode mode() const { return mode_; }  // Native or Skb, as attached
    const std::string& pin_root() const { return pin_root_; }
    const std::string& pin_dir() const { return pin_dir_; }
    // The pinned maps existed before this attach (restart): their contents
    // are the previous run's.
    bool reused_state() const { return reused_state_; }
    // Id of the xvrrp program this attach replaced, if it replaced one.
    std::optional<uint32_t> replaced_program() const { return replaced_id_; }
    const Skeleton& skeleton() const { return skel_; }

    // Takes the program off the interface and removes the pins. Our map
    // handles stay usable (unpinned) until the Attachment is destroyed.
    Result<void> detach();

    // Undo for a multi-interface attach that failed later: a fresh attach
    // is detached and unpinned; a replacement puts the previous programs
    // back (pins kept).
    Result<void> roll_back();
    // Forget the previous program (after the whole attach succeeded).
    void commit();

    // The interface was deleted and a device with the same name created
    // (docs/operations.md, "Interfaces that come and go"): puts the programs
    // this Attachment already loaded on the new device, in the mode of the
    // first attach. The maps (and their pins) are the same ones, so router
    // state, timers and counters carry over.
    Result<void> reattach(int ifindex);

    Attachment(Attachment&&) noexcept;
    Attachment& operator=(Attachment&&) noexcept;
    Attachment(const Attachment&) = delete;
    Attachment& operator=(const Attachment&) = delete;
    ~Attachment();

  private:
    Attachment(std::string ifname, int ifindex, std::string pin_root, Skeleton skel);
    // The egress program on, replacing an xvrrp one (kept for roll_back).
    Result<void> put_on_egress();
    // After put_on_egress failed: the interface as it was before attach.
    void undo_xdp(const std::optional<AttachedProgram>& old);
    Result<void> restore_egress();

    std::string ifname_;
    int ifindex_ = 0;
    std::string pin_root_;
    std::string pin_dir_;
    Skeleton skel_;
    XdpMode mode_ = XdpMode::Native;
    bool reused_state_ = false;
    std::optional<uint32_t> replaced_id_;
    std::optional<AttachedProgram> previous_;  // until commit(), for roll_back()
    int previous_fd_ = -1;                     // keeps the previous program alive
    int previous_egress_fd_ = -1;              // the egress program replaced, until commit()
};

// Attaches every interface or none: on the first failure the ones already
// done are rolled back, and the error of the failing one is returned.
Result<std::vector<Attachment>> attach_all(const std::vector<std::string>& ifnames,
                                           const AttachOptions& options = {});

// Detaches xvrrp from `ifname` without a running controller (`xvrrp
// detach`): takes our program off if it runs there, removes the pins. An
// interface that no longer exists only has its pins removed.
Result<void> detach(std::string_view ifname, const std::string& pin_root = kDefaultPinRoot);

}  // namespace xvrrp::dataplane
