// Closing an HTTP connection from inside a cpp-httplib handler without answering.
//
// cpp-httplib 0.11 gives handlers no access to their socket, and always writes a status line
// after the handler returns. To simulate a request that never gets response headers, the
// simulator finds the connection's socket by its addresses (local port + peer port, among
// this process's descriptors) and shuts it down: the status line then goes nowhere and the
// client sees the connection closed with no response. Also used at stop to end idle
// keep-alive connections promptly.
#pragma once

#include <string_view>

namespace reelhouse::providers::sim {

// The descriptor of the accepted socket with local port `local_port` and peer port
// `peer_port`, or -1. Only meaningful while that connection's handler runs (it owns the fd).
int find_connection(int local_port, int peer_port);

// True when the peer of the connected socket `fd` has closed or reset the connection.
bool peer_closed(int fd);

// Shuts down (both directions) the accepted socket whose local port is `local_port` and peer
// port is `peer_port`. Returns false when no such socket is found.
bool shutdown_connection(int local_port, int peer_port);

// Shuts down every accepted (non-listening) socket whose local port is `local_port`.
int shutdown_all_connections(int local_port);

}  // namespace reelhouse::providers::sim
