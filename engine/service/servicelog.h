#pragma once
// Log lines of smartfixer-server: one line per message, with its level, readable in the
// journal. Under systemd (stderr is the stream named by $JOURNAL_STREAM) each line starts with
// the sd-daemon(3) priority prefix ("<4>smartfixer.transport: …"), so journalctl shows and
// filters the level (journalctl -p warning); otherwise "warning: smartfixer.transport: …".
// Control characters in a message are escaped (\n, \r, \t, \xNN), so a logged value cannot
// start a forged line of its own.
#include "core/result.h"

#include <QCommandLineOption>
#include <QString>

namespace SmartFixer {

//! Installs the message handler (call once, right after QCoreApplication is created).
void installServiceLogHandler();

//! The "--log-level error|warning|info|debug" option (default info).
QCommandLineOption logLevelOption();

//! Shows messages of \a level and above from here on ("error", "warning", "info" or "debug");
//! QT_LOGGING_RULES still overrides it per category. Fails (Invalid) for any other word.
Result<QtMsgType> applyLogLevel(const QString &level);

//! \a message with control characters escaped (exposed for tests).
QString escapeLogText(const QString &message);

} // namespace SmartFixer
