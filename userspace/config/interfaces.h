// Checks a configuration's interface names against the machine, through a
// predicate the caller supplies (the parser itself never looks): `xvrrp
// config check` and `xvrrp attach` report missing ones as warnings (attach
// waits for them, docs/operations.md "Interfaces that come and go").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/diagnostic.h"
#include "config/model.h"

namespace xvrrp::config {

struct InterfaceUse {
    std::string name;
    SourceRef where;
    std::string what;  // e.g. "interface of vrrp_instance VI_1"
};

// Every interface the configuration names: each instance's interface, its
// track_interface entries, and the `dev` of its addresses.
std::vector<InterfaceUse> interfaces_used(const Config& cfg);

// One finding, of `severity`, per use whose name `exists` rejects.
std::vector<Diagnostic> check_interfaces(const Config& cfg,
                                         const std::function<bool(const std::string&)>& exists,
                                         Severity severity);

}  // namespace xvrrp::config
