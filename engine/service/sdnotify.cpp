#include "sdnotify.h"

#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace SmartFixer {

bool notifyServiceManager(const QByteArray &state)
{
    const QByteArray path = qgetenv("NOTIFY_SOCKET");
    sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    if (path.size() < 2 || size_t(path.size()) >= sizeof(addr.sun_path)
        || (path.at(0) != '/' && path.at(0) != '@'))
        return false;
    std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));
    socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(path.size()));
    if (path.at(0) == '@')
        addr.sun_path[0] = '\0'; // abstract namespace: the name is the bytes after the NUL
    else
        ++length; // a file path includes its terminating NUL
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const ssize_t sent = ::sendto(fd, state.constData(), size_t(state.size()), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr *>(&addr), length);
    ::close(fd);
    return sent == state.size();
}

} // namespace SmartFixer
