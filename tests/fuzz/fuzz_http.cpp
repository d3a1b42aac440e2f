// libFuzzer target for the HTTP request path (built with -DSMARTFIXER_FUZZ=ON and clang): the
// raw bytes of one client connection, cut into requests as Qt 6.4 does, through HttpGuard's
// checks. Aborts when a property of httpcheck.h fails; ASan/UBSan catch the rest.
#include "httpcheck.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString problem = SmartFixer::Fuzz::checkHttpInput(
        QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "HTTP guard property violated: %s\n", qPrintable(problem));
        std::abort();
    }
    return 0;
}
