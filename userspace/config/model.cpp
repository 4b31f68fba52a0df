#include "config/model.h"

#include <algorithm>

namespace xvrrp::config {

namespace {
template <typename T>
const T* by_name(const std::vector<T>& v, std::string_view name) {
    auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.name == name; });
    return it == v.end() ? nullptr : &*it;
}
}  // namespace

const Instance* Config::find_instance(std::string_view name) const {
    return by_name(instances, name);
}

const VrrpScript* Config::find_script(std::string_view name) const {
    return by_name(scripts, name);
}

const TrackFile* Config::find_track_file(std::string_view name) const {
    return by_name(track_files, name);
}

const TrackProcess* Config::find_track_process(std::string_view name) const {
    return by_name(track_processes, name);
}

const SyncGroup* Config::group_of(std::string_view instance) const {
    for (const auto& g : sync_groups) {
        if (std::find(g.members.begin(), g.members.end(), instance) != g.members.end()) {
            return &g;
        }
    }
    return nullptr;
}

}  // namespace xvrrp::config
