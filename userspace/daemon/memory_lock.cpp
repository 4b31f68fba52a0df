#include "daemon/memory_lock.h"

#include <spdlog/spdlog.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace xvrrp::daemon {

std::string lock_memory() {
    const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
    const bool raised = setrlimit(RLIMIT_MEMLOCK, &unlimited) == 0;
    const int flags = MCL_CURRENT | MCL_ONFAULT | (raised ? MCL_FUTURE : 0);
    if (mlockall(flags) != 0) {
        spdlog::warn(
            "memory: mlockall refused: {} (needs CAP_IPC_LOCK or RLIMIT_MEMLOCK); "
            "the controller's pages may be swapped out",
            std::strerror(errno));
        return "none";
    }
    if (!raised) {
        spdlog::warn(
            "memory: RLIMIT_MEMLOCK could not be raised: only the pages mapped now "
            "are locked");
        return "current";
    }
    spdlog::debug("memory: locked (mlockall, on fault)");
    return "all";
}

}  // namespace xvrrp::daemon
