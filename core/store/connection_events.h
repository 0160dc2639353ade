#pragma once
// What a project's connection to a team server reports while it runs (docs/team.md, "A server
// restart"): that it lost the server, and that it reached it again.
#include <functional>
#include <string>

namespace stf2m::store {

enum class ConnectionEvent {
  Lost,      // the server went away; reconnecting (detail: libpq's reason)
  Restored,  // connected again (detail: how long it took)
};

// Called on the thread that uses the project, while the call that noticed waits.
using ConnectionObserver = std::function<void(ConnectionEvent event, const std::string& detail)>;

}  // namespace stf2m::store
