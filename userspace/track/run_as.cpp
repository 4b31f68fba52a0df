#include "track/run_as.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "track/path_check.h"

namespace xvrrp::track {

namespace {

constexpr const char* kDefaultUser = "keepalived_script";
constexpr const char* kSystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

bool executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::optional<gid_t> group_id(const std::string& name) {
    std::vector<char> buf(16384);
    group g{};
    group* found = nullptr;
    if (::getgrnam_r(name.c_str(), &g, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
        return std::nullopt;
    }
    return g.gr_gid;
}

std::vector<gid_t> supplementary(const char* user, gid_t gid) {
    int n = 64;
    std::vector<gid_t> groups(static_cast<size_t>(n));
    if (::getgrouplist(user, gid, groups.data(), &n) < 0) {
        groups.resize(static_cast<size_t>(n));
        ::getgrouplist(user, gid, groups.data(), &n);
    }
    groups.resize(static_cast<size_t>(std::max(n, 0)));
    return groups;
}

}  // namespace

ResolvedUser resolve_user(const std::string& user, const std::string& group) {
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* found = nullptr;
    if (::getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
        return {std::nullopt, "unknown user '" + user + "'"};
    }
    Credentials c{pw.pw_uid, pw.pw_gid, {}, user};
    if (!group.empty()) {
        auto gid = group_id(group);
        if (!gid) {
            return {std::nullopt, "unknown group '" + group + "'"};
        }
        c.gid = *gid;
    }
    c.groups = supplementary(pw.pw_name, c.gid);
    return {c, {}};
}

ResolvedUser credentials_for(const config::GlobalDefs& global, const std::string& user,
                             const std::string& group) {
    if (!user.empty()) {
        return resolve_user(user, group);
    }
    if (!global.script_user.empty()) {
        return resolve_user(global.script_user, global.script_group);
    }
    if (auto r = resolve_user(kDefaultUser, {}); r.creds) {
        return r;
    }
    return {Credentials{::geteuid(), ::getegid(), {}, "(the daemon's own user)"}, {}};
}

std::string default_path_env() {
    const char* p = std::getenv("PATH");
    return p != nullptr && *p != '\0' ? std::string(p) : std::string(kSystemPath);
}

std::optional<std::string> find_executable(const std::string& argv0, std::string_view path_env) {
    if (argv0.empty()) {
        return std::nullopt;
    }
    if (argv0.find('/') != std::string::npos) {
        return executable_file(argv0) ? std::optional{argv0} : std::nullopt;
    }
    size_t start = 0;
    while (start <= path_env.size()) {
        size_t end = path_env.find(':', start);
        if (end == std::string_view::npos) {
            end = path_env.size();
        }
        std::string dir(path_env.substr(start, end - start));
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + argv0;
        if (executable_file(candidate)) {
            return candidate;
        }
        start = end + 1;
    }
    return std::nullopt;
}

std::string insecure_reason(const std::string& path) {
    const PathCheck check = check_path(path);
    return check.found() ? check.writable : check.missing;
}

}  // namespace xvrrp::track
