// What this binary is: the project version and the git revision it was built
// from (read at build time; "unknown" when built outside a git checkout).
#pragma once

#include <string>

namespace xvrrp::cli {

const char* project_version();
const char* git_revision();
// "xvrrp 0.1.0 (git 0123456789ab)": the line `xvrrp --version` prints.
std::string version_line();

}  // namespace xvrrp::cli
