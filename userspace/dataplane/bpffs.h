// The BPF filesystem under the pin root: mounting it where it is missing,
// creating the per-interface pin folder, and removing it again.
//
// `ip netns exec` and fresh containers give a /sys without a bpffs, and a
// pin on a non-bpffs path fails with a confusing EPERM, so this is checked
// (statfs magic) before anything is pinned.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dataplane/result.h"

namespace xvrrp::dataplane {

inline constexpr const char* kDefaultPinRoot = "/sys/fs/bpf/xvrrp";
inline constexpr const char* kDefaultBpffsMount = "/sys/fs/bpf";

// True if `path` exists and lives on a bpffs.
bool on_bpffs(const std::string& path);

// Makes sure `pin_root` is a directory on a bpffs: creates it (and its
// parents) inside an existing bpffs, or first mounts one at /sys/fs/bpf
// when the pin root is below it and nothing is mounted there.
Result<void> ensure_pin_root(const std::string& pin_root);

// <pin_root>/<ifname>, created if missing. Requires ensure_pin_root first.
Result<std::string> ensure_pin_dir(const std::string& pin_root, std::string_view ifname);

// <pin_root>/<ifname> (no checks).
std::string pin_dir_path(const std::string& pin_root, std::string_view ifname);

// Names of the entries in a pin folder (pinned maps/programs); empty when
// the folder does not exist.
std::vector<std::string> list_pins(const std::string& dir);

// Unlinks every entry of `dir` and removes it. A missing folder is not an
// error (already clean).
Result<void> remove_pin_dir(const std::string& dir);

}  // namespace xvrrp::dataplane
