// `xvrrp status` without --json: the controller's JSON reply as a table,
// one row per virtual router. Pure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace xvrrp::cli {

std::string render_status_table(const nlohmann::json& status);

}  // namespace xvrrp::cli
