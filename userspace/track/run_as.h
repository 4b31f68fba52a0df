// Who a script runs as, where its executable is, and whether running it as
// root is safe: resolved once when the configuration is loaded (user lookups
// may go through NSS and block, so never from the event loop).
//
// keepalived's rules:
//   - a script's own `user [group]` wins; then global_defs `script_user
//     [group]`; then the user `keepalived_script` if it exists; then the
//     daemon's own uid/gid (root). A group defaults to the user's group.
//   - a command without '/' is looked up in PATH (the daemon's, or the
//     usual system directories when unset).
//   - with `enable_script_security`, a script that would run as root is
//     refused when its file or any step of the path to it (directories and
//     symbolic links, path_check.h) is writable by a non-root user.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/model.h"
#include "track/process_set.h"

namespace xvrrp::track {

struct ResolvedUser {
    std::optional<Credentials> creds;
    std::string error;  // "unknown user 'x'", ...
};

// `group` empty: the user's primary group.
ResolvedUser resolve_user(const std::string& user, const std::string& group);

// The credentials for a command with this `user`/`group` (empty: none given).
ResolvedUser credentials_for(const config::GlobalDefs& global, const std::string& user,
                             const std::string& group);

// The file to execve for argv[0]; nullopt when no executable file matches.
std::optional<std::string> find_executable(const std::string& argv0, std::string_view path_env);
// The daemon's PATH, or the usual system directories.
std::string default_path_env();

// Why running `path` as root is unsafe (or why it leads to no file), or
// empty when it is safe.
std::string insecure_reason(const std::string& path);

}  // namespace xvrrp::track
