#include "daemon/link_lifecycle.h"

namespace xvrrp::daemon {

const char* to_string(LinkPhase phase) {
    switch (phase) {
        case LinkPhase::Missing:
            return "missing";
        case LinkPhase::Attached:
            return "attached";
        case LinkPhase::Gone:
            return "gone";
    }
    return "?";
}

const char* to_string(LinkStep step) {
    switch (step) {
        case LinkStep::None:
            return "none";
        case LinkStep::Attach:
            return "attach";
        case LinkStep::Drop:
            return "drop";
        case LinkStep::Reattach:
            return "re-attach";
        case LinkStep::Replace:
            return "replace";
    }
    return "?";
}

LinkLifecycle LinkLifecycle::attached_to(int ifindex) {
    LinkLifecycle l;
    l.attached(ifindex);
    return l;
}

LinkStep LinkLifecycle::seen(int ifindex) {
    switch (phase_) {
        case LinkPhase::Missing:
            return loaded_ ? LinkStep::Reattach : LinkStep::Attach;
        case LinkPhase::Gone:
            return LinkStep::Reattach;
        case LinkPhase::Attached:
            if (ifindex == ifindex_) {
                return LinkStep::None;
            }
            phase_ = LinkPhase::Gone;
            ifindex_ = 0;
            return LinkStep::Replace;
    }
    return LinkStep::None;
}

LinkStep LinkLifecycle::deleted(int ifindex) {
    if (phase_ != LinkPhase::Attached || ifindex != ifindex_) {
        return LinkStep::None;
    }
    phase_ = LinkPhase::Gone;
    ifindex_ = 0;
    return LinkStep::Drop;
}

void LinkLifecycle::attached(int ifindex) {
    phase_ = LinkPhase::Attached;
    ifindex_ = ifindex;
    loaded_ = true;
}

void LinkLifecycle::attach_failed() {
    phase_ = loaded_ ? LinkPhase::Gone : LinkPhase::Missing;
    ifindex_ = 0;
}

}  // namespace xvrrp::daemon
