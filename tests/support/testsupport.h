#pragma once
// Shared helpers for the Qt Test suites: an isolated temporary folder per test, test-mode
// QStandardPaths, and paths to the source and build trees.
#include <QString>
#include <QTemporaryDir>

namespace SmartFixer::Test {

//! Call first in initTestCase(): QStandardPaths test mode, quiet logging defaults.
void initTestEnvironment();
//! Absolute path of the source tree (SF_SOURCE_DIR, set by ctest).
QString sourceDir();
//! Absolute path of the build tree (SF_BUILD_DIR, set by ctest).
QString buildDir();

} // namespace SmartFixer::Test

//! Opens a ServerStore (Store) in a test function, failing the test with the store's one-line
//! error.
#define SF_OPEN(store) \
    do { \
        const auto sfOpened = (store).open(); \
        QVERIFY2(sfOpened, qPrintable(sfOpened.error())); \
    } while (false)
