// `xvrrp status`: ask the running controller over its control socket.
#include <iostream>

#include "cli/commands.h"
#include "cli/status_table.h"
#include "daemon/control_socket.h"
#include "daemon/errors.h"
#include "daemon/run_dir.h"

namespace xvrrp::cli {

int run_status(const Args& a) {
    nlohmann::json reply;
    try {
        reply = daemon::control_request(daemon::socket_path(a.run_dir), {{"command", "status"}});
    } catch (const daemon::Fatal& e) {
        std::cerr << "xvrrp status: " << e.what() << "\n";
        return e.exit_code();
    }
    if (reply.contains("error")) {
        std::cerr << "xvrrp status: the controller says: " << reply["error"].get<std::string>()
                  << "\n";
        return daemon::kExitRuntime;
    }
    if (a.json) {
        std::cout << reply.dump(2) << "\n";
    } else {
        std::cout << render_status_table(reply);
    }
    return 0;
}

}  // namespace xvrrp::cli
