// `xvrrp attach --auth-pass-file PATH`: the quick-start VRRPv2 password from
// a file, so it is not in the process list (/proc/PID/cmdline is readable
// by every user) nor in shell history.
#pragma once

#include <string>

namespace xvrrp::cli {

struct AuthPassFile {
    std::string pass;     // the first line, without its line ending
    std::string error;    // names the file; non-empty: unusable
    std::string warning;  // e.g. readable by every user; the file is used
};

AuthPassFile read_auth_pass_file(const std::string& path);

}  // namespace xvrrp::cli
