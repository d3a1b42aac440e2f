#include "fdlimit.h"

#include <algorithm>
#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif

namespace SmartFixer {

FileLimit raiseFileLimit()
{
    FileLimit limit;
#if defined(Q_OS_UNIX)
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return limit;
    limit.before = rl.rlim_cur == RLIM_INFINITY ? -1 : qint64(rl.rlim_cur);
    limit.hard = rl.rlim_max == RLIM_INFINITY ? -1 : qint64(rl.rlim_max);
    if (rl.rlim_cur != rl.rlim_max) {
        rlimit raised = rl;
        raised.rlim_cur = rl.rlim_max;
        // An unlimited hard limit is refused by Linux for NOFILE (nr_open caps it); keep the
        // old soft limit then.
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            rl = raised;
    }
    limit.soft = rl.rlim_cur == RLIM_INFINITY ? -1 : qint64(rl.rlim_cur);
#endif
    return limit;
}

} // namespace SmartFixer
