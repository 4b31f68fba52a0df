#include "cli/version.h"

#include <xvrrp_build_version.h>

namespace xvrrp::cli {

const char* project_version() {
    return XVRRP_VERSION;
}

const char* git_revision() {
    return XVRRP_GIT_REVISION;
}

std::string version_line() {
    return std::string("xvrrp ") + project_version() + " (git " + git_revision() + ")";
}

}  // namespace xvrrp::cli
