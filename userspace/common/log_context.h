// Which virtual router a log line is about, as data rather than only as
// text: the journald sink turns these into XVRRP_INSTANCE, XVRRP_IFACE,
// XVRRP_VRID, XVRRP_STATE and XVRRP_REASON, so `journalctl XVRRP_VRID=10`
// finds every line about one router. A terminal shows none of them (the
// message text already names the router).
//
// The controller is single-threaded; a Scope sets the fields for the lines
// written while it lives and restores the outer ones when it ends.
#pragma once

#include <optional>
#include <string>

namespace xvrrp::logctx {

struct Fields {
    std::string instance;  // vrrp_instance name
    std::string iface;
    std::optional<unsigned> vrid;
    std::string state;   // the state entered (a transition) or held
    std::string reason;  // why a transition happened
};

class Scope {
  public:
    explicit Scope(Fields fields);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

  private:
    Fields outer_;
};

// The fields of the innermost live Scope; empty outside any.
const Fields& current();

}  // namespace xvrrp::logctx
