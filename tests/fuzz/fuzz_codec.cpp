// libFuzzer target for the Engine.IO/Socket.IO codec (built with -DSMARTFIXER_FUZZ=ON and
// clang). Aborts when a round-trip property of codeccheck.h fails; ASan/UBSan catch the rest.
#include "codeccheck.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString problem = SmartFixer::Fuzz::checkCodecInput(
        QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "codec property violated: %s\n", qPrintable(problem));
        std::abort();
    }
    return 0;
}
