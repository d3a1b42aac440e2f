#include "version.h"

namespace SmartFixer {

const char *versionString()
{
    return SMARTFIXER_VERSION;
}

} // namespace SmartFixer
