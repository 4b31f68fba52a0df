#include "track/tracker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <system_error>

#include <sys/epoll.h>
#include <utility>

#include "track/command_line.h"
#include "track/run_as.h"
#include "track/script_env.h"

namespace xvrrp::track {

namespace {

constexpr uint64_t kSecond = 1'000'000;

// "FILE:LINE: " of a configuration line; nothing for one made in code.
std::string located(const config::SourceRef& where) {
    return where.file.empty() ? std::string() : config::to_string(where) + ": ";
}

std::vector<uint64_t> intervals_of(const TrackingPlan& plan) {
    std::vector<uint64_t> out;
    for (const auto& s : plan.scripts) {
        out.push_back(uint64_t{std::max<uint32_t>(s.interval_s, 1)} * kSecond);
    }
    return out;
}

std::vector<ScriptHealth> initial_health(const TrackingPlan& plan) {
    std::vector<ScriptHealth> out;
    for (const auto& s : plan.scripts) {
        out.emplace_back(s.rise, s.fall, s.init_fail);
    }
    return out;
}

TrackingPlan without_links(TrackingPlan plan, bool track_links) {
    if (!track_links) {
        for (auto& in : plan.instances) {
            in.links.clear();
        }
    }
    return plan;
}

const config::ScriptCommand& slot_command(const config::NotifyScripts& n, NotifySlot slot) {
    switch (slot) {
        case NotifySlot::Master:
            return n.master;
        case NotifySlot::Backup:
            return n.backup;
        case NotifySlot::Fault:
            return n.fault;
        case NotifySlot::Stop:
            return n.stop;
        case NotifySlot::Any:
            return n.any;
        case NotifySlot::Deleted:
            return n.deleted;
    }
    return n.any;
}

constexpr std::array<const char*, kNotifySlots> kSlotKeyword{
    "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "notify_deleted"};

}  // namespace

Tracker::Tracker(const config::Config& cfg, TrackerOptions options, uint64_t now_us)
    : plan_(without_links(make_plan(cfg), options.track_links)),
      options_(std::move(options)),
      global_(cfg.global),
      warnings_(plan_.warnings),
      path_env_(default_path_env()),
      health_(initial_health(plan_)),
      counters_(plan_.scripts.size()),
      schedule_(intervals_of(plan_), now_us),
      groups_(plan_),
      notify_queue_(plan_.instances.size() + plan_.groups.size(), options_.notify_queue_limit),
      published_(plan_.instances.size()),
      gate_held_(plan_.instances.size(), false),
      file_watch_(std::make_unique<FileWatch>(plan_.files, options_.init_files)),
      proc_watch_(std::make_unique<ProcWatch>(plan_.processes, now_us)),
      states_(plan_.instances.size(), fsm::State::Init),
      deleting_(plan_.instances.size(), false),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_.get() < 0) {
        throw std::system_error(errno, std::generic_category(), "epoll_create1");
    }
    watch(procs_.fd());
    watch(file_watch_->fd());
    watch(proc_watch_->fd());
    procs_.set_child_environment(script_environment(own_environment()),
                                 static_cast<mode_t>(global_.umask.value_or(kScriptUmask)));
    prepare_scripts();
    prepare_notifies();
    open_fifo();
    for (const auto& w : warnings_) {
        spdlog::warn("{}", w);
    }
    refresh();
}

Tracker::~Tracker() = default;

void Tracker::watch(int fd) {
    if (fd < 0) {
        return;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) {
        throw std::system_error(errno, std::generic_category(), "epoll_ctl");
    }
}

// ---- preparation ------------------------------------------------------------

Tracker::Prepared Tracker::prepare(const config::ScriptCommand& cmd, const std::string& what) {
    Prepared p;
    p.where = located(cmd.where) + what + " '" + cmd.command + "'";
    SplitCommand split = split_command(cmd.command);
    if (!split.ok()) {
        p.disabled = split.error.empty() ? "empty command" : split.error;
        warnings_.push_back(p.where + ": " + p.disabled + "; it will not run");
        return p;
    }
    p.argv = std::move(split.argv);
    ResolvedUser user = credentials_for(global_, cmd.user, cmd.group);
    if (!user.creds) {
        p.disabled = user.error;
        warnings_.push_back(p.where + ": " + user.error + "; it will not run");
        return p;
    }
    p.spec.run_as = std::move(user.creds);
    auto path = find_executable(p.argv[0], path_env_);
    if (!path) {
        not_found(p, p.argv[0] + " is not an executable file (nor found in PATH)");
        return p;
    }
    const SharedScript& opened = open_shared(*path);
    if (!opened.file) {
        not_found(p, opened.missing);
        return p;
    }
    if (p.spec.run_as->uid == 0 && !opened.writable.empty()) {
        if (global_.enable_script_security) {
            disable(p, opened.writable);
            return p;
        }
        warnings_.push_back(p.where + ": runs as root although " + opened.writable +
                            " (enable_script_security would refuse it)");
    }
    p.file = opened.file;
    return p;
}

const Tracker::SharedScript& Tracker::open_shared(const std::string& path) {
    auto it = files_.find(path);
    if (it == files_.end()) {
        OpenedScript o = ScriptFile::open(path);
        SharedScript s{nullptr, std::move(o.missing), std::move(o.writable)};
        if (o.file) {
            s.file = std::make_shared<const ScriptFile>(std::move(*o.file));
        }
        it = files_.emplace(path, std::move(s)).first;
    }
    return it->second;
}

// With security, a script missing at load stays disabled: whoever creates
// the file later is not trusted to choose what root runs.
void Tracker::not_found(Prepared& p, const std::string& why) {
    if (global_.enable_script_security) {
        disable(p, why);
    } else {
        warnings_.push_back(p.where + ": " + why + "; every run will fail until it appears");
    }
}

void Tracker::disable(Prepared& p, const std::string& why) {
    p.disabled = "refused by enable_script_security: " + why;
    warnings_.push_back(p.where + ": " + p.disabled + "; disabled, it will not run");
}

void Tracker::prepare_scripts() {
    for (const auto& s : plan_.scripts) {
        scripts_.push_back(prepare(s.script, "vrrp_script " + s.name));
        if (!scripts_.back().disabled.empty()) {
            warnings_.push_back("vrrp_script " + s.name + " counts as failed on every run");
        }
    }
}

void Tracker::prepare_notifies() {
    auto add = [&](const config::NotifyScripts& n, const std::string& owner) {
        std::array<Prepared, kNotifySlots> prepared;
        NotifyArgv argv;
        for (size_t i = 0; i < prepared.size(); ++i) {
            const auto slot = static_cast<NotifySlot>(i);
            const auto& cmd = slot_command(n, slot);
            if (!cmd.configured()) {
                continue;
            }
            prepared[i] = prepare(cmd, owner + " " + kSlotKeyword[i]);
            if (prepared[i].disabled.empty()) {
                argv[slot] = prepared[i].argv;
            }
        }
        notify_.push_back(std::move(prepared));
        notify_argv_.push_back(std::move(argv));
    };
    for (const auto& in : plan_.instances) {
        add(in.notify, "vrrp_instance " + in.name);
    }
    for (const auto& g : plan_.groups) {
        add(g.notify, "vrrp_sync_group " + g.name);
    }
}

void Tracker::open_fifo() {
    if (options_.notify_fifo.empty()) {
        return;
    }
    const std::string where = located(options_.notify_fifo_where);
    const ResolvedUser who =
        credentials_for(global_, options_.notify_fifo_user, options_.notify_fifo_group);
    if (!who.creds) {
        warnings_.push_back(where + "notify_fifo " + options_.notify_fifo + ": " + who.error +
                            "; no FIFO notifications");
        return;
    }
    try {
        fifo_ = std::make_unique<NotifyFifo>(options_.notify_fifo,
                                             NotifyFifo::Owner{who.creds->uid, who.creds->gid},
                                             global_.enable_script_security);
    } catch (const std::system_error& e) {
        warnings_.push_back(where + e.what() + "; no FIFO notifications");
    }
}

// ---- before each run ----------------------------------------------------------

// Why this run must not happen; empty: p.file is what to run.
std::string Tracker::recheck(Prepared& p) {
    if (global_.enable_script_security) {
        return p.file->recheck(p.spec.run_as->uid == 0);
    }
    if (p.file && p.file->recheck(false).empty()) {
        return {};
    }
    // Without security a script may appear, or be replaced, after the load:
    // find it again, as every run did before it was held open.
    auto path = find_executable(p.argv[0], path_env_);
    if (!path) {
        return p.argv[0] + " is not an executable file (nor found in PATH)";
    }
    auto opened = ScriptFile::open(*path);
    if (!opened.file) {
        return opened.missing;
    }
    spdlog::info("{}: runs {}, changed since the configuration was loaded", p.where, *path);
    p.file = std::make_shared<const ScriptFile>(std::move(*opened.file));
    return {};
}

// What to start, or nullopt with `why` (logged once per reason).
std::optional<SpawnSpec> Tracker::spawn_spec(Prepared& p, std::string& why) {
    why = recheck(p);
    if (!why.empty()) {
        if (why != p.refused) {
            spdlog::error("{}: not run: {}", p.where, why);
            p.refused = why;
        }
        return std::nullopt;
    }
    if (!p.refused.empty()) {
        spdlog::info("{}: runs again", p.where);
        p.refused.clear();
    }
    SpawnSpec spec = p.spec;
    spec.path = p.file->path();
    spec.exec_fd = p.file->fd();
    return spec;
}

// ---- scripts ------------------------------------------------------------------

void Tracker::start_script(size_t i, uint64_t now_us) {
    Prepared& p = scripts_[i];
    if (!p.disabled.empty()) {
        schedule_.finished(i);
        record(i, false, "not run: " + p.disabled);
        return;
    }
    std::string why;
    auto spec = spawn_spec(p, why);
    if (!spec) {
        schedule_.finished(i);
        record(i, false, "not run: " + why);
        return;
    }
    spec->argv = p.argv;
    const auto& s = plan_.scripts[i];
    const uint64_t timeout = uint64_t{s.timeout_s != 0 ? s.timeout_s : std::max(s.interval_s, 1u)};
    auto started = procs_.start(*spec, now_us, timeout * kSecond);
    if (!started.ok()) {
        schedule_.finished(i);
        record(i, false, "could not start: " + started.error);
        return;
    }
    owners_[started.id] = Owner{true, i, NotifySlot::Any};
}

void Tracker::record(size_t i, bool success, const std::string& result) {
    Counters& c = counters_[i];
    ++c.runs;
    ++stats_.script_runs;
    if (!success) {
        ++c.failures;
        ++stats_.script_failures;
    }
    c.last_result = result;
    if (!health_[i].record(success)) {
        return;
    }
    const auto& name = plan_.scripts[i].name;
    if (health_[i].health() == Health::Up) {
        spdlog::info("vrrp_script {}: now up ({})", name, result);
    } else {
        spdlog::warn("vrrp_script {}: now down ({})", name, result);
    }
}

// ---- notifications --------------------------------------------------------------

std::string Tracker::target_name(size_t target) const {
    const size_t n = plan_.instances.size();
    return target < n ? "vrrp_instance " + plan_.instances[target].name
                      : "vrrp_sync_group " + plan_.groups[target - n].name;
}

void Tracker::dispatch(size_t target, const NotifyEvent& event) {
    if (fifo_) {
        if (fifo_->write_line(fifo_line(event))) {
            ++stats_.fifo_lines;
            if (fifo_dropping_) {
                fifo_dropping_ = false;
                spdlog::info("notify_fifo {}: writing again, {} line(s) were dropped",
                             fifo_->path(), fifo_->take_unreported_drops());
            }
        } else {
            ++stats_.fifo_dropped;
            if (!fifo_dropping_) {
                fifo_dropping_ = true;
                spdlog::warn("notify_fifo {}: the reader is too slow or absent, dropping lines",
                             fifo_->path());
            }
        }
    }
    const size_t dropped = notify_queue_.push(target, notify_jobs(notify_argv_[target], event));
    if (dropped > 0) {
        stats_.notify_dropped += dropped;
        spdlog::warn(
            "{}: {} queued notify script(s) dropped, the oldest ones (a script is hanging?)",
            target_name(target), dropped);
    }
}

void Tracker::pump_notifies(uint64_t now_us) {
    for (auto jobs = notify_queue_.take_startable(); !jobs.empty();
         jobs = notify_queue_.take_startable()) {
        for (auto& [target, job] : jobs) {
            std::string why;
            auto spec = spawn_spec(notify_[target][static_cast<size_t>(job.slot)], why);
            ++stats_.notify_runs;
            if (!spec) {
                ++stats_.notify_failures;
                notify_queue_.done(target);
                continue;
            }
            spec->argv = std::move(job.argv);
            auto started = procs_.start(*spec, now_us, options_.notify_timeout_us);
            if (started.ok()) {
                owners_[started.id] = Owner{false, target, job.slot};
                continue;
            }
            ++stats_.notify_failures;
            spdlog::warn("{}: {} could not start: {}", target_name(target),
                         kSlotKeyword[static_cast<size_t>(job.slot)], started.error);
            notify_queue_.done(target);
        }
    }
}

// ---- children ending ----------------------------------------------------------------

void Tracker::finished(const Ended& e) {
    auto it = owners_.find(e.id);
    if (it == owners_.end()) {
        return;
    }
    const Owner owner = it->second;
    owners_.erase(it);
    if (owner.script) {
        schedule_.finished(owner.index);
        if (e.kind == EndKind::TimedOut) {
            ++counters_[owner.index].timeouts;
            ++stats_.script_timeouts;
        }
        record(owner.index, e.success(), describe(e));
        return;
    }
    notify_queue_.done(owner.index);
    if (e.kind == EndKind::TimedOut) {
        ++stats_.notify_timeouts;
    }
    if (!e.success()) {
        ++stats_.notify_failures;
        if (e.kind != EndKind::TimedOut) {  // already logged when it was killed
            spdlog::warn("{}: {} {}", target_name(owner.index),
                         kSlotKeyword[static_cast<size_t>(owner.slot)], describe(e));
        }
    }
}

std::optional<uint64_t> Tracker::next_deadline_us() const {
    std::optional<uint64_t> out;
    for (auto d :
         {schedule_.next_due_us(), procs_.next_deadline_us(), proc_watch_->next_deadline_us()}) {
        if (d && (!out || *d < *out)) {
            out = d;
        }
    }
    return out;
}

std::vector<VerdictChange> Tracker::on_readable(uint64_t now_us) {
    for (const auto& e : procs_.reap(now_us)) {
        finished(e);
    }
    file_watch_->on_readable();
    proc_watch_->on_readable(now_us);
    pump_notifies(now_us);
    return refresh();
}

std::vector<VerdictChange> Tracker::on_deadline(uint64_t now_us) {
    for (uint64_t id : procs_.expire(now_us)) {
        auto it = owners_.find(id);
        if (it != owners_.end() && it->second.script) {
            spdlog::warn("vrrp_script {}: timed out, killed", plan_.scripts[it->second.index].name);
        } else if (it != owners_.end()) {
            spdlog::warn("{}: {} timed out, killed", target_name(it->second.index),
                         kSlotKeyword[static_cast<size_t>(it->second.slot)]);
        }
    }
    const auto due = schedule_.take_due(now_us);
    for (size_t i : due.skipped) {
        ++stats_.script_skips;
        spdlog::warn("vrrp_script {}: previous run still going at the next interval, run skipped",
                     plan_.scripts[i].name);
    }
    for (size_t i : due.start) {
        start_script(i, now_us);
    }
    proc_watch_->on_deadline(now_us);
    return refresh();
}

// ---- verdicts ---------------------------------------------------------------------------

std::vector<VerdictChange> Tracker::refresh() {
    std::vector<Health> health;
    for (const auto& h : health_) {
        health.push_back(h.health());
    }
    const LinkLookup link_up = [this](const std::string& name) {
        auto it = links_.find(name);
        return it != links_.end() && it->second;
    };
    std::vector<int64_t> values;
    for (size_t i = 0; i < file_watch_->size(); ++i) {
        values.push_back(file_watch_->value(i));
    }
    std::vector<Health> processes;
    for (size_t i = 0; i < proc_watch_->size(); ++i) {
        processes.push_back(proc_watch_->health(i));
    }
    std::vector<Verdict> own;
    for (size_t i = 0; i < plan_.instances.size(); ++i) {
        own.push_back(compute_verdict(plan_, i, health, link_up, values, processes));
        groups_.set_own_fault(i, own.back().fault);
    }
    std::vector<VerdictChange> changes;
    for (size_t i = 0; i < own.size(); ++i) {
        Verdict v = own[i];
        if (auto j = groups_.group_fault_of(i); j && !v.fault) {
            v.fault = true;
            v.why = "vrrp_sync_group " + plan_.groups[*plan_.instances[i].group].name + ": " +
                    plan_.instances[*j].name + " is in FAULT" +
                    (own[*j].why.empty() ? "" : " (" + own[*j].why + ")");
        }
        if (v != published_[i]) {
            if (v.priority != published_[i].priority) {
                notify_priority(i, v.priority);
            }
            published_[i] = v;
            changes.push_back(VerdictChange{plan_.instances[i].name, v});
        }
    }
    return changes;
}

// keepalived's notify_priority_changes: FIFO lines only, and only while
// MASTER or BACKUP (a FAULT instance's priority is not in use).
void Tracker::notify_priority(size_t instance, uint8_t priority) {
    const auto& in = plan_.instances[instance];
    const fsm::State st = states_[instance];
    if (!in.notify_priority_changes || (st != fsm::State::Master && st != fsm::State::Backup)) {
        return;
    }
    const NotifyState what =
        st == fsm::State::Master ? NotifyState::MasterPriority : NotifyState::BackupPriority;
    dispatch(instance, NotifyEvent{Subject::Instance, in.name, what, priority});
}

std::vector<VerdictChange> Tracker::set_link(const std::string& ifname, bool running) {
    if (!options_.track_links) {
        return {};
    }
    links_[ifname] = running;
    return refresh();
}

std::vector<std::string> Tracker::tracked_links() const {
    std::set<std::string> names;
    for (const auto& in : plan_.instances) {
        for (const auto& l : in.links) {
            names.insert(l.ifname);
        }
    }
    return {names.begin(), names.end()};
}

const Verdict* Tracker::verdict(const std::string& instance) const {
    auto i = plan_.find_instance(instance);
    return i ? &published_[*i] : nullptr;
}

// ---- state changes and sync groups --------------------------------------------------------

Tracker::Reaction Tracker::on_transition(const std::string& instance, fsm::State from,
                                         fsm::State to, uint8_t priority, uint64_t now_us) {
    Reaction out;
    auto idx = plan_.find_instance(instance);
    if (!idx) {
        return out;
    }
    gate_held_[*idx] = false;
    states_[*idx] = to;
    const auto r = groups_.member_changed(*idx, from, to);
    auto said = notify_state(from, to);
    if (said == NotifyState::Stop && deleting_[*idx] &&
        plan_.instances[*idx].notify.deleted_enabled) {
        said = NotifyState::Deleted;
    }
    if (said) {
        dispatch(*idx, NotifyEvent{Subject::Instance, instance, *said, priority});
    }
    if (r.group) {
        const auto& g = plan_.groups[r.group->group];
        spdlog::info("vrrp_sync_group {}: {} -> {}", g.name, to_string(r.group->from),
                     to_string(r.group->to));
        if (auto st = notify_state(r.group->to)) {
            dispatch(plan_.instances.size() + r.group->group,
                     NotifyEvent{Subject::Group, g.name, *st, 0});
        }
    }
    for (const auto& f : r.forced) {
        out.forced.push_back(ForcedInput{plan_.instances[f.instance].name, f.kind});
        spdlog::info("vrrp_sync_group {}: {} follows {} ({})",
                     plan_.groups[*plan_.instances[f.instance].group].name,
                     plan_.instances[f.instance].name, instance, to_string(f.kind));
    }
    if (r.faults_changed) {
        out.verdicts = refresh();
    }
    pump_notifies(now_us);
    return out;
}

void Tracker::deleting(const std::string& instance) {
    if (auto idx = plan_.find_instance(instance)) {
        deleting_[*idx] = true;
    }
}

MasterGate Tracker::may_become_master(const std::string& instance, uint64_t now_us,
                                      uint64_t master_down_interval_us) {
    MasterGate out;
    auto idx = plan_.find_instance(instance);
    if (!idx) {
        return out;
    }
    const auto gate = groups_.may_become_master(*idx, now_us, master_down_interval_us);
    out.allow = gate.allow;
    for (size_t j : gate.followers) {
        out.followers.push_back(plan_.instances[j].name);
    }
    if (!gate.allow && !gate_held_[*idx]) {
        spdlog::info(
            "vrrp_instance {}: master down, but vrrp_sync_group {} is not ready to be "
            "MASTER; staying BACKUP",
            instance, plan_.groups[*plan_.instances[*idx].group].name);
    }
    gate_held_[*idx] = !gate.allow;
    return out;
}

// ---- reload and status ----------------------------------------------------------------------

std::vector<VerdictChange> Tracker::inherit(Tracker& previous) {
    if (fifo_ && previous.fifo_ && fifo_->path() == previous.fifo_->path()) {
        std::swap(fifo_, previous.fifo_);  // the one that created the FIFO removes it, at exit
    }
    for (size_t i = 0; i < plan_.scripts.size(); ++i) {
        const auto& s = plan_.scripts[i];
        for (size_t j = 0; j < previous.plan_.scripts.size(); ++j) {
            const auto& old = previous.plan_.scripts[j];
            if (old.name == s.name && old.script.command == s.script.command &&
                old.rise == s.rise && old.fall == s.fall) {
                health_[i] = previous.health_[j];
                counters_[i] = previous.counters_[j];
            }
        }
    }
    if (options_.track_links) {
        links_ = previous.links_;
    }
    // Kept instances change state under the old tracker; their priority
    // changes are notified by this one from now on.
    for (size_t i = 0; i < plan_.instances.size(); ++i) {
        if (auto j = previous.plan_.find_instance(plan_.instances[i].name)) {
            states_[i] = previous.states_[*j];
        }
    }
    return refresh();
}

std::vector<ScriptStatus> Tracker::scripts() const {
    std::vector<ScriptStatus> out;
    for (size_t i = 0; i < plan_.scripts.size(); ++i) {
        const Counters& c = counters_[i];
        out.push_back(ScriptStatus{plan_.scripts[i].name, health_[i].health(), health_[i].streak(),
                                   schedule_.running(i), c.runs, c.failures, c.timeouts,
                                   schedule_.skipped(i), c.last_result, scripts_[i].disabled});
    }
    return out;
}

}  // namespace xvrrp::track
