// What each xvrrp map is (type, key and value size), from abi.h, and opening
// a pinned map by path with a check that it is that map: a pin left by
// another xvrrp version, or a wrong path, is refused with a clear message
// instead of being read with the wrong layout.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/fd.h"
#include "dataplane/result.h"

namespace xvrrp::dataplane {

struct MapSpec {
    const char* name;  // abi.h XVRRP_MAP_*, also the pin file name
    uint32_t type;     // enum bpf_map_type
    uint32_t key_size;
    uint32_t value_size;
};

// Every map the XDP program pins.
std::span<const MapSpec> map_specs();
const MapSpec* find_map_spec(std::string_view name);

// Checks an open map fd against `spec`; `where` names it in the message.
Result<void> check_map(int fd, const MapSpec& spec, const std::string& where);

// The abi_version map's value is XVRRP_ABI_VERSION (EPROTO otherwise).
Result<void> check_abi_version(int fd, const std::string& where);
// Before reusing the pins in `pin_dir`: were they made by this ABI version?
// EPROTO, with what to do, if not (no abi_version pin: an older xvrrp).
Result<void> check_pinned_abi(const std::string& pin_dir, std::string_view ifname);

// An owned map (or program) fd; closes on destruction.
class OwnedFd : public Fd {
  public:
    using Fd::Fd;
    // A duplicate of `fd` (F_DUPFD_CLOEXEC); -1 on failure.
    static OwnedFd dup_of(int fd);
};

// bpf_obj_get(<pin_dir>/<spec.name>) and check_map. Errors name the
// interface and say whether xvrrp is attached there at all.
Result<OwnedFd> open_pinned_map(const std::string& pin_dir, std::string_view ifname,
                                const MapSpec& spec);

}  // namespace xvrrp::dataplane
