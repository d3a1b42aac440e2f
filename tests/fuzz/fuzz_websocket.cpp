// libFuzzer target for the WebSocket framing code and the upgrade parser (built with
// -DSMARTFIXER_FUZZ=ON and clang). Aborts when a property of websocketcheck.h fails;
// ASan/UBSan catch the rest.
#include "websocketcheck.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString problem = SmartFixer::Fuzz::checkWebSocketInput(
        QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "websocket property violated: %s\n", qPrintable(problem));
        std::abort();
    }
    return 0;
}
