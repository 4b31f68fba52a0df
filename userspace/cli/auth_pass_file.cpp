#include "cli/auth_pass_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace xvrrp::cli {

AuthPassFile read_auth_pass_file(const std::string& path) {
    AuthPassFile out;
    const std::string what = "--auth-pass-file " + path;
    std::ifstream in(path);
    struct stat st {};
    if (!in || ::stat(path.c_str(), &st) != 0) {
        out.error = what + ": cannot read it: " + std::strerror(errno);
        return out;
    }
    if (S_ISDIR(st.st_mode)) {
        out.error = what + ": is a directory";
        return out;
    }
    std::getline(in, out.pass);
    if (!out.pass.empty() && out.pass.back() == '\r') {
        out.pass.pop_back();
    }
    if (out.pass.empty()) {
        out.error = what + ": the first line is empty (the password goes there)";
        return out;
    }
    // keepalived keeps its password in keepalived.conf, often mode 0644, so
    // a readable file is what its users have today: warn, do not refuse.
    if ((st.st_mode & S_IROTH) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
        out.warning = what + ": readable by every user (mode " + mode +
                      "); anyone on this host can read the VRRP password: chmod 600 it";
    }
    return out;
}

}  // namespace xvrrp::cli
