// `xvrrp attach`: read the configuration (file or quick-start flags), then
// run the controller in the foreground until SIGTERM/SIGINT.
#include <algorithm>
#include <iostream>
#include <variant>

#include "cli/auth_pass_file.h"
#include "cli/commands.h"
#include "config/fs_loader.h"
#include "config/listen_address.h"
#include "config/quick_start.h"
#include "daemon/controller.h"
#include "daemon/errors.h"
#include "dataplane/xdp_attach.h"

namespace xvrrp::cli {

namespace {

config::ParseResult quick_config(const Args& a) {
    const auto& q = a.attach.quick;
    config::QuickStart qs;
    qs.interface = a.attach.interfaces.front();
    qs.vrid = q.vrid;
    qs.vips = q.vips;
    qs.priority = q.priority;
    qs.advert_int = q.advert_int;
    qs.version = q.version;
    qs.nopreempt = q.no_preempt;
    qs.unicast_src = q.unicast_src;
    qs.unicast_peers = q.unicast_peers;
    qs.auth_pass = q.auth_pass;
    qs.v3_checksum_as_v2 = q.v3_checksum_as_v2;
    qs.version_migration = q.version_migration;
    return config::quick_start(qs);
}

config::ParseResult file_config(const std::string& path, const config::PreprocessOptions& opts) {
    config::FsLoader loader;
    return config::parse_file(path, loader, opts);
}

// Every finding on stderr; errors make the configuration unusable.
bool report(const config::ParseResult& r) {
    for (const auto& d : r.diagnostics) {
        std::cerr << d.render() << "\n";
    }
    return r.ok();
}

// No interface named: every interface an instance of the file runs on, in
// the file's order. Tracked interfaces and VIP devices are only watched.
std::vector<std::string> instance_interfaces(const config::Config& cfg) {
    std::vector<std::string> out;
    for (const auto& in : cfg.instances) {
        if (std::find(out.begin(), out.end(), in.interface) == out.end()) {
            out.push_back(in.interface);
        }
    }
    return out;
}

// The flag wins over the file; both are already checked ADDR:PORT. The
// flag's text is normalised the way the keyword's is.
std::string metrics_address(const Args& a, const config::Config& cfg) {
    if (a.attach.metrics.empty()) {
        return cfg.global.metrics_address;
    }
    auto parsed = config::parse_listen_address(a.attach.metrics);
    return std::get<config::ListenAddress>(parsed).to_string();
}

}  // namespace

int run_attach(const Args& a) {
    const bool quick = a.attach.quick_start();
    Args with_pass = a;
    if (const auto& path = a.attach.quick.auth_pass_file; quick && !path.empty()) {
        const AuthPassFile f = read_auth_pass_file(path);
        if (!f.warning.empty()) {
            std::cerr << "xvrrp attach: warning: " << f.warning << "\n";
        }
        if (!f.error.empty()) {
            std::cerr << "xvrrp attach: " << f.error << "\n";
            return daemon::kExitConfig;
        }
        with_pass.attach.quick.auth_pass = f.pass;
    }
    const auto pre = preprocess_options(a);
    const auto parsed = quick ? quick_config(with_pass) : file_config(a.attach.file, pre);
    if (!report(parsed)) {
        std::cerr << "xvrrp attach: " << (quick ? "the quick-start flags" : a.attach.file)
                  << " cannot be used (errors above)\n";
        return daemon::kExitConfig;
    }
    setup_logging(a.log_level);
    daemon::ControllerOptions opts;
    opts.interfaces = a.attach.interfaces;
    if (opts.interfaces.empty()) {
        opts.interfaces = instance_interfaces(parsed.config);
        if (opts.interfaces.empty()) {
            std::cerr << "xvrrp attach: " << a.attach.file
                      << " has no vrrp_instance: nothing to run\n";
            return daemon::kExitConfig;
        }
    }
    opts.pin_root = a.pin_root;
    opts.run_dir = a.run_dir;
    opts.xdp_mode = *dataplane::parse_xdp_mode(a.xdp_mode);
    opts.config = parsed.config;
    opts.config_source = quick ? "the command line" : a.attach.file;
    opts.metrics_address = metrics_address(a, parsed.config);
    const auto& g = parsed.config.global;
    opts.rt_priority = a.attach.rt_priority.value_or(g.rt_priority.value_or(opts.rt_priority));
    opts.rlimit_rttime_us = g.rlimit_rttime_us.value_or(opts.rlimit_rttime_us);
    opts.lock_memory = !a.attach.no_mlock;
    if (!quick) {
        opts.reload = [path = a.attach.file, pre] { return file_config(path, pre); };
    }
    try {
        daemon::Controller controller(std::move(opts));
        return controller.run();
    } catch (const daemon::Fatal& e) {
        std::cerr << "xvrrp attach: " << e.what() << "\n";
        return e.exit_code();
    }
}

}  // namespace xvrrp::cli
