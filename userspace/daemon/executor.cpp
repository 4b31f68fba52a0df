#include "daemon/executor.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "daemon/advert_grid.h"
#include "daemon/router_image.h"
#include "daemon/router_setup.h"

namespace xvrrp::daemon {

namespace {

template <typename... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// Queues `x` in `to` and drops it from `from` (a VIP removed and re-added
// within one iteration must end up present).
template <typename T>
void move_into(std::vector<T>& to, std::vector<T>& from, const T& x) {
    from.erase(std::remove(from.begin(), from.end(), x), from.end());
    if (std::find(to.begin(), to.end(), x) == to.end()) {
        to.push_back(x);
    }
}

std::vector<proto::IpAddr> v6_vips(const config::Instance& in) {
    std::vector<proto::IpAddr> out;
    for (const auto& v : in.vips) {
        if (!v.addr.is_v4()) {
            out.push_back(v.addr);
        }
    }
    return out;
}

}  // namespace

Clocks system_clocks() {
    return Clocks{
        [] {
            timespec ts{};
            clock_gettime(CLOCK_MONOTONIC, &ts);
            return static_cast<uint64_t>(ts.tv_sec) * 1'000'000 +
                   static_cast<uint64_t>(ts.tv_nsec) / 1000;
        },
        [] {
            return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
        }};
}

Executor::Executor(Io& io, TimerQueue& timers, Clocks clocks)
    : io_(io), timers_(timers), clocks_(std::move(clocks)) {}

void Executor::apply(Instance& inst, const fsm::VirtualRouter::Actions& actions,
                     uint64_t input_us) {
    bool sent = false;
    wrote_ = false;
    // A router's first entry goes in before anything acts on it: the timer
    // control program arms only routers that have one. (A5's "MASTER before
    // any GARP" is AddVips' own mirror.)
    if (!inst.mirrored()) {
        mirror(inst, clocks_.monotonic_us());
    }
    for (const auto& action : actions) {
        one(inst, action, input_us, sent);
    }
    mirror(inst, clocks_.monotonic_us());
    // A MASTER's lease moves forward on every advert it sends (DESIGN
    // decision 4); a fresh write above already carried a new lease.
    if (sent && !wrote_ && inst.fsm().state() == fsm::State::Master) {
        queue_lease(pending_for(inst.ifname()), inst);
    }
}

void Executor::advert_tick(Instance& inst, const fsm::VirtualRouter::Actions& actions,
                           uint64_t at_us) {
    const auto* send = actions.size() == 2 ? std::get_if<fsm::SendAdvert>(&actions[0]) : nullptr;
    const auto* arm = send ? std::get_if<fsm::ArmAdvertTimer>(&actions[1]) : nullptr;
    if (!arm || !inst.mirrored()) {
        apply(inst, actions, at_us);
        return;
    }
    Pending& p = pending_for(inst.ifname());
    p.adverts.push_back(inst.frames().get(send->priority));
    ++inst.status().adverts_sent;
    timers_.arm(TimerKey{inst.id(), TimerKind::Advert},
                advert_deadline(at_us, at_us + arm->delay_us, arm->delay_us));
    queue_lease(p, inst);
}

Executor::Pending& Executor::pending_for(const std::string& ifname) {
    if (!last_pending_ || last_ifname_ != ifname) {
        last_pending_ = &pending_[ifname];  // map nodes stay put
        last_ifname_ = ifname;
    }
    return *last_pending_;
}

void Executor::queue_lease(Pending& p, const Instance& inst) {
    p.leases[lease_validity_ns(inst.fsm())].push_back(inst.key());
}

void Executor::one(Instance& inst, const fsm::Action& action, uint64_t input_us, bool& sent) {
    const TimerKey advert{inst.id(), TimerKind::Advert};
    std::visit(
        Overloaded{
            [&](const fsm::SendAdvert& a) {
                pending_for(inst.ifname()).adverts.push_back(inst.frames().get(a.priority));
                ++inst.status().adverts_sent;
                sent = true;
            },
            [&](const fsm::AddVips&) { add_vips(inst); },
            [&](const fsm::RemoveVips&) { remove_vips(inst); },
            [&](const fsm::SendGratuitous&) { start_gratuitous(inst, input_us); },
            [&](const fsm::ArmAdvertTimer& a) {
                // On the interval's grid, so MASTERs sharing it tick together.
                timers_.arm(advert, advert_deadline(input_us, input_us + a.delay_us, a.delay_us));
            },
            [&](const fsm::CancelAdvertTimer&) { timers_.cancel(advert); },
            [&](const fsm::ArmMasterDownTimer& a) {
                // The delay counts from the input (e.g. when the kernel saw
                // the advert), not from now.
                const uint64_t due = input_us + a.delay_us;
                const uint64_t now = clocks_.monotonic_us();
                io_.arm_master_down(inst.ifname(), inst.key(), due > now ? due - now : 1);
            },
            [&](const fsm::CancelMasterDownTimer&) {
                io_.cancel_master_down(inst.ifname(), inst.key());
            },
            [&](const fsm::ArmPreemptDelayTimer& a) {
                timers_.arm(TimerKey{inst.id(), TimerKind::PreemptDelay}, input_us + a.delay_us);
            },
            [&](const fsm::StateChanged& s) { state_changed(inst, s); },
            [&](const fsm::Note& n) { note(inst, n, input_us); },
        },
        action);
}

void Executor::add_vips(Instance& inst) {
    // The kernel must answer for the VIPs (MASTER + lease) before anything
    // announces them (A5): the entry goes in now, its lease at flush, after
    // the addresses and before the advert and the gratuitous frames. Not
    // earlier: the old MASTER answers until our advert ends its lease, so a
    // lease written now would have both answering for as long as the
    // netlink add takes (counted as double ARP answers in the chaos soak).
    mirror(inst, clocks_.monotonic_us(), false, /*lease=*/false);
    pending_[inst.ifname()].leases[lease_validity_ns(inst.fsm())].push_back(inst.key());
    for (const auto& ifname : vip_interfaces(inst.cfg())) {
        auto& p = pending_[ifname];
        for (const auto& vip : installed_vips(inst.cfg(), ifname)) {
            move_into(p.vip_add, p.vip_del, vip);
        }
    }
    auto& own = pending_[inst.ifname()];
    for (const auto& addr : v6_vips(inst.cfg())) {
        move_into(own.sn_join, own.sn_leave, addr);
    }
    queue_routes(inst, true);
}

void Executor::remove_vips(Instance& inst) {
    inst.garp().stop();
    timers_.cancel(TimerKey{inst.id(), TimerKind::Garp});
    drop_gratuitous(inst);  // a backup announces nothing
    for (const auto& ifname : vip_interfaces(inst.cfg())) {
        auto& p = pending_[ifname];
        for (const auto& vip : installed_vips(inst.cfg(), ifname)) {
            move_into(p.vip_del, p.vip_add, vip);
        }
    }
    auto& own = pending_[inst.ifname()];
    for (const auto& addr : v6_vips(inst.cfg())) {
        move_into(own.sn_leave, own.sn_join, addr);
    }
    queue_routes(inst, false);
}

void Executor::queue_routes(const Instance& inst, bool add) {
    auto& q = routes_;
    for (const auto& r : net_routes(inst.cfg().routes)) {
        add ? move_into(q.route_add, q.route_del, r) : move_into(q.route_del, q.route_add, r);
    }
    for (const auto& r : net_rules(inst.cfg().rules)) {
        add ? move_into(q.rule_add, q.rule_del, r) : move_into(q.rule_del, q.rule_add, r);
    }
}

void Executor::flush_routes() {
    auto& q = routes_;
    if (!q.route_del.empty() || !q.rule_del.empty()) {
        io_.remove_routes(q.route_del, q.rule_del);
    }
    if (!q.route_add.empty() || !q.rule_add.empty()) {
        io_.add_routes(q.route_add, q.rule_add);
    }
    q = PendingRoutes{};
}

void Executor::reinstall_vips(Instance& inst) {
    for (const auto& ifname : vip_interfaces(inst.cfg())) {
        auto& p = pending_[ifname];
        for (const auto& vip : installed_vips(inst.cfg(), ifname)) {
            move_into(p.vip_add, p.vip_del, vip);
        }
    }
    auto& own = pending_[inst.ifname()];
    for (const auto& addr : v6_vips(inst.cfg())) {
        move_into(own.sn_join, own.sn_leave, addr);
    }
    queue_routes(inst, true);
}

void Executor::start_gratuitous(Instance& inst, uint64_t input_us) {
    inst.garp().start(input_us);
    queue_gratuitous(inst, inst.garp().take_due(input_us));
    arm_gratuitous_timer(inst);
}

void Executor::gratuitous_due(Instance& inst, uint64_t deadline_us) {
    if (inst.fsm().state() != fsm::State::Master) {
        inst.garp().stop();
        return;
    }
    queue_gratuitous(inst, inst.garp().take_due(deadline_us));
    arm_gratuitous_timer(inst);
}

void Executor::queue_gratuitous(Instance& inst, unsigned repeat) {
    auto& p = pending_[inst.ifname()];
    for (unsigned round = 0; round < repeat; ++round) {
        for (const auto& frame : inst.gratuitous_frames()) {
            p.gratuitous.push_back(frame);
            p.gratuitous_owner.push_back(inst.id());
        }
    }
}

void Executor::arm_gratuitous_timer(Instance& inst) {
    const TimerKey key{inst.id(), TimerKind::Garp};
    if (auto next = inst.garp().next_deadline_us()) {
        timers_.arm(key, *next);
    } else {
        timers_.cancel(key);
    }
}

void Executor::state_changed(Instance& inst, const fsm::StateChanged& change) {
    inst.status().last_transition_unix_ms = clocks_.unix_ms();
    inst.status().last_reason = std::string(fsm::to_string(change.reason));
    logctx::Fields fields = inst.log_fields();
    fields.state = std::string(fsm::to_string(change.to));
    fields.reason = inst.status().last_reason;
    const logctx::Scope scope(std::move(fields));
    ++inst.status().transitions_by_reason.at(static_cast<size_t>(change.reason));
    if (change.to == fsm::State::Master) {
        ++inst.status().master_entries;
    }
    spdlog::info("{} ({}): {} -> {} ({})", inst.describe(), inst.cfg().name,
                 fsm::to_string(change.from), fsm::to_string(change.to),
                 fsm::to_string(change.reason));
    if (observer_) {
        observer_(inst, change);
    }
}

void Executor::note(Instance& inst, const fsm::Note& n, uint64_t input_us) {
    const std::string key = std::to_string(inst.id()) + "/" + std::string(fsm::to_string(n.kind));
    const int64_t dropped = notes_.allow(key, input_us);
    if (dropped < 0) {
        return;
    }
    const logctx::Scope scope(inst.log_fields());
    // Coalescing is the bound doing its job (counted in status): debug only.
    const auto level = n.kind == fsm::NoteKind::ImmediateAdvertCoalesced ? spdlog::level::debug
                                                                         : spdlog::level::info;
    if (dropped > 0) {
        spdlog::log(level, "{}: {} (and {} more in the last 10 s)", inst.describe(),
                    fsm::to_string(n.kind), dropped);
    } else {
        spdlog::log(level, "{}: {}", inst.describe(), fsm::to_string(n.kind));
    }
}

bool Executor::mirror(Instance& inst, uint64_t now_us, bool force, bool lease) {
    xvrrp_router image = router_image(inst.cfg(), inst.fsm(), now_us);
    if (!lease) {
        image.lease_expires_ns = 0;
    }
    auto& last = inst.mirrored();
    if (!force && last && same_apart_from_lease(*last, image)) {
        return false;
    }
    io_.write_router(inst.ifname(), inst.key(), image);
    last = image;
    wrote_ = true;
    return true;
}

void Executor::advertise(Instance& inst, uint8_t priority) {
    pending_[inst.ifname()].adverts.push_back(inst.frames().get(priority));
    ++inst.status().adverts_sent;
}

void Executor::forget(const Instance& inst) {
    timers_.cancel_instance(inst.id());
    drop_gratuitous(inst);
}

// Its frames still waiting: queued in this pass, or held by the pacer.
void Executor::drop_gratuitous(const Instance& inst) {
    if (auto it = pending_.find(inst.ifname()); it != pending_.end()) {
        Pending& p = it->second;
        size_t kept = 0;
        for (size_t i = 0; i < p.gratuitous.size(); ++i) {
            if (p.gratuitous_owner[i] != inst.id()) {
                p.gratuitous[kept] = std::move(p.gratuitous[i]);
                p.gratuitous_owner[kept] = p.gratuitous_owner[i];
                ++kept;
            }
        }
        p.gratuitous.resize(kept);
        p.gratuitous_owner.resize(kept);
    }
    if (auto it = pacers_.find(inst.ifname()); it != pacers_.end()) {
        it->second.drop(inst.id());
    }
}

void Executor::Pending::clear() {
    adverts.clear();
    vip_add.clear();
    vip_del.clear();
    sn_join.clear();
    sn_leave.clear();
    gratuitous.clear();
    gratuitous_owner.clear();
    for (auto& [validity, keys] : leases) {
        keys.clear();
    }
}

void Executor::flush() {
    for (auto& [ifname, p] : pending_) {
        flush_one(ifname, p);
        p.clear();
    }
    flush_routes();
    marking_ = false;
    arm_pacing_timer();
}

void Executor::set_gratuitous_gaps(uint64_t arp_gap_us, uint64_t na_gap_us) {
    arp_gap_us_ = arp_gap_us;
    na_gap_us_ = na_gap_us;
    for (auto& [ifname, pacer] : pacers_) {
        pacer.set_gaps(arp_gap_us, na_gap_us);
    }
    arm_pacing_timer();
}

void Executor::pace(uint64_t now_us) {
    for (auto& [ifname, pacer] : pacers_) {
        send_paced(ifname, pacer, now_us);
    }
    arm_pacing_timer();
}

void Executor::send_paced(const std::string& ifname, net::GarpPacer& pacer, uint64_t now_us) {
    const auto due = pacer.take_due(now_us);
    if (due.empty()) {
        return;
    }
    std::vector<std::span<const uint8_t>> frames;
    frames.reserve(due.size());
    for (const auto& f : due) {
        frames.emplace_back(f.bytes);
    }
    io_.send_frames(ifname, frames);
}

void Executor::arm_pacing_timer() {
    std::optional<uint64_t> next;
    for (const auto& [ifname, pacer] : pacers_) {
        if (auto d = pacer.next_deadline_us(); d && (!next || *d < *next)) {
            next = d;
        }
    }
    const TimerKey key{kControllerTimer, TimerKind::GarpPacing};
    if (next) {
        timers_.arm(key, *next);
    } else {
        timers_.cancel(key);
    }
}

void Executor::flush_one(const std::string& ifname, Pending& p) {
    // A new MASTER's addresses go in before its advert leaves: the advert
    // ends the old MASTER's lease in its XDP program at once (its egress from
    // the VIPs stops), so a client's traffic must already find the VIPs here
    // — else it is lost for as long as the netlink add takes (1-5 ms on a
    // loaded machine, measured as ping outages on reloads in the chaos soak).
    // Removal stays after the adverts: a priority-0 advert first, so the
    // backups start their Skew_Time while this router still answers.
    if (!p.vip_add.empty()) {
        io_.add_vips(ifname, p.vip_add);
        mark(marks_.vips_us);
    }
    if (!p.sn_join.empty()) {
        io_.join_solicited_nodes(ifname, p.sn_join);
    }
    // After the addresses, before the adverts and the gratuitous frames:
    // the egress program sends frames from a VIP only while the lease is
    // fresh (bpf/egress.h), and a new MASTER's XDP answers ARP/NS only from
    // here on (add_vips).
    for (const auto& [validity, keys] : p.leases) {
        if (!keys.empty()) {
            io_.refresh_leases(ifname, keys, validity);
        }
    }
    auto& frames = frames_;
    auto& unicast = unicast_;
    frames.clear();
    unicast.clear();
    for (const auto& batch : p.adverts) {
        for (size_t i = 0; i < batch->packets.size(); ++i) {
            if (batch->unicast) {
                unicast.push_back(UnicastPacket{batch->peers[i], batch->packets[i]});
            } else {
                frames.emplace_back(batch->packets[i]);
            }
        }
    }
    if (!frames.empty()) {
        io_.send_frames(ifname, frames);
        mark(marks_.advert_us);
    }
    if (!unicast.empty()) {
        io_.send_unicast(ifname, unicast);
    }
    if (!p.vip_del.empty()) {
        io_.remove_vips(ifname, p.vip_del);
    }
    if (!p.sn_leave.empty()) {
        io_.leave_solicited_nodes(ifname, p.sn_leave);
    }
    if (!p.gratuitous.empty()) {
        auto [it, fresh] = pacers_.try_emplace(ifname, arp_gap_us_, na_gap_us_);
        for (size_t i = 0; i < p.gratuitous.size(); ++i) {
            it->second.push(p.gratuitous_owner[i], std::move(p.gratuitous[i]));
        }
        send_paced(ifname, it->second, clocks_.monotonic_us());
        mark(marks_.gratuitous_us);
    }
}

}  // namespace xvrrp::daemon
