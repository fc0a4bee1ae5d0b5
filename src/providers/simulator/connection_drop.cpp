// Finding and shutting down accepted sockets by port (see connection_drop.hpp).
#include "providers/simulator/connection_drop.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <charconv>
#include <filesystem>
#include <functional>
#include <string>
#include <system_error>

namespace reelhouse::providers::sim {

namespace {

// The port of an AF_INET/AF_INET6 address, or -1.
int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return -1;
}

// Calls `visit(fd, peer_port)` for every connected TCP socket of this process whose local
// port is `local_port`; stops when `visit` returns true.
void for_each_connection(int local_port, const std::function<bool(int, int)>& visit) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    const std::string name = entry.path().filename().string();
    int fd = -1;
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc{}) continue;
    sockaddr_storage local{};
    socklen_t length = sizeof(local);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) continue;
    if (port_of(local) != local_port) continue;
    sockaddr_storage peer{};
    length = sizeof(peer);
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) continue;  // listener
    if (visit(fd, port_of(peer))) return;
  }
}

}  // namespace

int find_connection(int local_port, int peer_port) {
  int found = -1;
  for_each_connection(local_port, [&](int fd, int port) {
    if (port != peer_port) return false;
    found = fd;
    return true;
  });
  return found;
}

bool peer_closed(int fd) {
  pollfd entry{.fd = fd, .events = POLLRDHUP, .revents = 0};
  return ::poll(&entry, 1, 0) > 0 && (entry.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

bool shutdown_connection(int local_port, int peer_port) {
  const int fd = find_connection(local_port, peer_port);
  if (fd < 0) return false;
  ::shutdown(fd, SHUT_RDWR);
  return true;
}

int shutdown_all_connections(int local_port) {
  int count = 0;
  for_each_connection(local_port, [&](int fd, int) {
    ::shutdown(fd, SHUT_RDWR);
    ++count;
    return false;
  });
  return count;
}

}  // namespace reelhouse::providers::sim
