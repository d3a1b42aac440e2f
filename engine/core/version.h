#pragma once
// The program version (CMake's PROJECT_VERSION) for --version of the server and the CLI.

namespace SmartFixer {

//! "0.1.0"
const char *versionString();

} // namespace SmartFixer
