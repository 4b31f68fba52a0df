// The life of one interface the controller runs instances on, as netlink
// tells it: not there yet (missing at start), attached to a device (one
// ifindex), or gone (deleted after being attached). Pure: it only decides
// what the link owner (link_set.h) must do with the kernel for each event.
//
// A device is identified by its ifindex, not its name: a delete can be lost
// (netlink overrun) or arrive after the new device's NEWLINK, so a NEWLINK
// with a different index means "replaced", and a DELLINK for an index we no
// longer hold is history.
#pragma once

#include <cstdint>

namespace xvrrp::daemon {

enum class LinkPhase : uint8_t {
    Missing,   // never attached: no device with this name yet
    Attached,  // our programs run on device ifindex()
    Gone,      // attached once; that device was deleted
};

enum class LinkStep : uint8_t {
    None,
    Attach,    // first device with this name: load and attach
    Drop,      // our device is gone: release what was bound to it
    Reattach,  // a new device with this name: attach what is already loaded
    Replace,   // our device was replaced unseen: Drop, then Reattach
};

const char* to_string(LinkPhase phase);
const char* to_string(LinkStep step);

class LinkLifecycle {
  public:
    LinkLifecycle() = default;
    static LinkLifecycle attached_to(int ifindex);

    LinkPhase phase() const { return phase_; }
    int ifindex() const { return ifindex_; }  // 0 unless Attached

    // RTM_NEWLINK for this name (also sent for every flag change).
    LinkStep seen(int ifindex);
    // RTM_DELLINK for this name.
    LinkStep deleted(int ifindex);
    // What the owner did with the step seen() returned.
    void attached(int ifindex);
    // Attach or re-attach failed: the next NEWLINK tries again.
    void attach_failed();

  private:
    LinkPhase phase_ = LinkPhase::Missing;
    int ifindex_ = 0;
    bool loaded_ = false;  // a program is loaded (Gone, or Attached once)
};

}  // namespace xvrrp::daemon
