// The owner of every interface the controller runs instances on, from
// attach to detach, through the device being deleted and created again
// (docs/operations.md, "Interfaces that come and go"). The controller hands
// it the monitor's link events and gets back what changed; the instances on
// a link (VMAC filter, groups, FAULT) stay the controller's business.
//
// Kept while a device is gone: the loaded programs, their maps and pins
// (router state, master-down timers, counters), so the new device gets the
// same maps and `bpftool` sees one history. Released: the AF_PACKET socket,
// the raw sockets and the arp_announce setting bound to the old device.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/controller_link.h"
#include "daemon/kernel_io.h"
#include "daemon/link_lifecycle.h"
#include "dataplane/attachment.h"
#include "dataplane/event_reader.h"
#include "net/rtnl.h"
#include "net/rtnl_decode.h"

namespace xvrrp::daemon {

class LinkSet {
  public:
    using Links = std::map<std::string, std::unique_ptr<AttachedLink>>;

    LinkSet(net::RtnlSocket& rtnl, KernelIo& io, dataplane::EventReader& events,
            dataplane::AttachOptions options);

    // Startup: every `present` interface attached (all or none; throws
    // Fatal), every `missing` one waiting for its device.
    void attach_at_start(const std::vector<std::string>& present,
                         const std::vector<std::string>& missing);

    bool manages(const std::string& ifname) const { return phases_.contains(ifname); }
    // Our programs run on the device of that name now.
    bool attached(const std::string& ifname) const;
    // The link whose programs were loaded (attached or gone); nullptr if none.
    AttachedLink* find(const std::string& ifname);
    AttachedLink& at(const std::string& ifname) { return *links_.at(ifname); }
    // Only links whose programs are loaded.
    Links& all() { return links_; }

    struct Change {
        LinkStep step = LinkStep::None;
        std::optional<net::Iface> dropped;  // the device that went away
        bool attached = false;              // a device is attached anew
    };
    // A monitor event for a managed name. Failures are logged; the link then
    // counts as not attached and the next NEWLINK tries again.
    Change on_link(const net::LinkInfo& info, bool deleted);

    void roll_back_all();
    void commit_all();
    void detach_all();

  private:
    Result<void> prepare(AttachedLink& link, bool fresh);
    void drop(AttachedLink& link);
    bool attach_new(const net::LinkInfo& info);
    bool reattach(AttachedLink& link, const net::LinkInfo& info);

    net::RtnlSocket& rtnl_;
    KernelIo& io_;
    dataplane::EventReader& events_;
    dataplane::AttachOptions options_;
    std::map<std::string, LinkLifecycle> phases_;
    Links links_;
};

}  // namespace xvrrp::daemon
