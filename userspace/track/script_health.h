// Whether one vrrp_script is up or down, from its run results: keepalived's
// rise/fall counting.
//
// A script turns up after `rise` consecutive successes and down after `fall`
// consecutive failures; a run that timed out, was killed or could not start
// is a failure. Without `init_fail` a script starts Unknown and its FIRST
// result decides at once (one success is up, one failure is down, whatever
// rise and fall are), as keepalived does; with `init_fail` it starts Down
// and needs `rise` successes. Pure.
#pragma once

#include <cstdint>
#include <string_view>

namespace xvrrp::track {

enum class Health : uint8_t { Unknown, Up, Down };

std::string_view to_string(Health health);

class ScriptHealth {
  public:
    // rise and fall of 0 are treated as 1.
    ScriptHealth(uint32_t rise, uint32_t fall, bool init_fail);

    // Records one run; true when the health changed (Unknown -> Up/Down too).
    bool record(bool success);

    Health health() const { return health_; }
    // Consecutive results against the current health that have not yet been
    // enough to change it (for status output: "2 of 3 failures").
    uint32_t streak() const;
    uint32_t rise() const { return rise_; }
    uint32_t fall() const { return fall_; }

  private:
    uint32_t rise_;
    uint32_t fall_;
    // keepalived's counter: 0..rise-1 is down (rise-1 successes away from
    // up), rise..rise+fall-1 is up (count-rise+1 failures away from down).
    uint32_t count_;
    Health health_;
};

}  // namespace xvrrp::track
