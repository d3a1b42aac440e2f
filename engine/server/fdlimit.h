#pragma once
// FdLimit: every connection the server holds costs one file descriptor, so the process's
// soft RLIMIT_NOFILE caps the connections. raiseFileLimit() lifts the soft limit to the hard
// one (what an unprivileged process may do) and says how many connections that leaves.
#include <QtGlobal>

#include <algorithm>

namespace SmartFixer {

struct FileLimit
{
    qint64 before = -1; //!< soft limit found at start (-1: unknown)
    qint64 soft = -1; //!< soft limit now
    qint64 hard = -1; //!< hard limit (-1: unlimited or unknown)
    //! Descriptors kept for the database, the listening socket, logs, Qt's own pipes.
    static constexpr qint64 Reserved = 64;
    //! Connections the server can hold at once with this limit.
    qint64 connections() const { return soft < 0 ? -1 : std::max<qint64>(0, soft - Reserved); }
};

//! Raises the soft RLIMIT_NOFILE to the hard limit; returns the limits before and after.
FileLimit raiseFileLimit();

} // namespace SmartFixer
