// What every notify and tracking script starts with, whoever it runs as:
// the controller's environment cleaned of what could change which code
// the script runs or how, a fixed PATH, and its own umask.
//
//   - PATH is /usr/sbin:/usr/bin:/sbin:/bin, whatever the controller had
//     (a script should not depend on how the daemon was started);
//   - every LD_* variable goes, and the others glibc drops before running
//     a setuid program (GCONV_PATH, LOCPATH, MALLOC_TRACE, TMPDIR, ...),
//     plus BASH_ENV and ENV (read by bash/sh at start: code to run);
//   - systemd's per-service protocol variables (NOTIFY_SOCKET, WATCHDOG_*,
//     LISTEN_*, JOURNAL_STREAM) belong to the controller, not its children.
// No ambient capabilities either: process_set clears them in the child.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace xvrrp::track {

inline constexpr const char* kScriptPath = "/usr/sbin:/usr/bin:/sbin:/bin";
// keepalived's default (IWGRP | IWOTH).
inline constexpr mode_t kScriptUmask = 022;

// `parent` as "NAME=VALUE" strings (a malformed entry without '=' is dropped).
std::vector<std::string> script_environment(const std::vector<std::string>& parent);

// The controller's own environment, as "NAME=VALUE" strings.
std::vector<std::string> own_environment();

}  // namespace xvrrp::track
