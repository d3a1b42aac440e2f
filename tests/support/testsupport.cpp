#include "testsupport.h"

#include <QDir>
#include <QStandardPaths>

namespace SmartFixer::Test {

void initTestEnvironment()
{
    QStandardPaths::setTestModeEnabled(true);
}

QString sourceDir()
{
    const QByteArray dir = qgetenv("SF_SOURCE_DIR");
    return dir.isEmpty() ? QDir::currentPath() : QString::fromLocal8Bit(dir);
}

QString buildDir()
{
    const QByteArray dir = qgetenv("SF_BUILD_DIR");
    return dir.isEmpty() ? QDir::currentPath() : QString::fromLocal8Bit(dir);
}

} // namespace SmartFixer::Test
