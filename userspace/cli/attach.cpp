// `xvrrp attach`: read the configuration (file or quick-start flags), then
// run the controller in the foreground until SIGTERM/SIGINT.
#include <iostream>
#include <variant>

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

config::ParseResult file_config(const std::string& path) {
    config::FsLoader loader;
    return config::parse_file(path, loader);
}

// Every finding on stderr; errors make the configuration unusable.
bool report(const config::ParseResult& r) {
    for (const auto& d : r.diagnostics) {
        std::cerr << d.render() << "\n";
    }
    return r.ok();
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
    const auto parsed = quick ? quick_config(a) : file_config(a.attach.file);
    if (!report(parsed)) {
        std::cerr << "xvrrp attach: " << (quick ? "the quick-start flags" : a.attach.file)
                  << " cannot be used (errors above)\n";
        return daemon::kExitConfig;
    }
    setup_logging(a.log_level);
    daemon::ControllerOptions opts;
    opts.interfaces = a.attach.interfaces;
    opts.pin_root = a.pin_root;
    opts.run_dir = a.run_dir;
    opts.xdp_mode = *dataplane::parse_xdp_mode(a.xdp_mode);
    opts.config = parsed.config;
    opts.config_source = quick ? "the command line" : a.attach.file;
    opts.metrics_address = metrics_address(a, parsed.config);
    if (!quick) {
        opts.reload = [path = a.attach.file] { return file_config(path); };
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
