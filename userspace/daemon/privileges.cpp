#include "daemon/privileges.h"

#include <sys/capability.h>
#include <sys/prctl.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

namespace xvrrp::daemon {

namespace {

constexpr std::array<cap_value_t, 9> kKept{CAP_NET_ADMIN, CAP_NET_RAW,   CAP_BPF,
                                           CAP_PERFMON,   CAP_SYS_ADMIN, CAP_SETUID,
                                           CAP_SETGID,    CAP_KILL,      CAP_CHOWN};

struct CapFree {
    void operator()(void* p) const { cap_free(p); }
};

bool kept(cap_value_t c) {
    return std::find(kKept.begin(), kKept.end(), c) != kKept.end();
}

}  // namespace

std::vector<std::string> kept_capabilities() {
    std::vector<std::string> out;
    for (cap_value_t c : kKept) {
        std::unique_ptr<char, CapFree> name(cap_to_name(c));
        out.emplace_back(name ? name.get() : std::to_string(c));
    }
    return out;
}

std::string drop_capabilities() {
    std::unique_ptr<std::remove_pointer_t<cap_t>, CapFree> caps(cap_get_proc());
    if (!caps) {
        return std::string("cap_get_proc: ") + std::strerror(errno);
    }
    cap_clear_flag(caps.get(), CAP_INHERITABLE);
    const int known = static_cast<int>(cap_max_bits());
    for (cap_value_t c = 0; c < known; ++c) {
        if (!kept(c)) {
            cap_set_flag(caps.get(), CAP_PERMITTED, 1, &c, CAP_CLEAR);
            cap_set_flag(caps.get(), CAP_EFFECTIVE, 1, &c, CAP_CLEAR);
        }
    }
    if (cap_set_proc(caps.get()) != 0) {
        return std::string("cap_set_proc: ") + std::strerror(errno);
    }
    // Ambient capabilities are cleared by the kernel for any bit dropped
    // from the permitted set; what is left of them would reach scripts.
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
        return std::string("clearing ambient capabilities: ") + std::strerror(errno);
    }
    return {};
}

}  // namespace xvrrp::daemon
