#pragma once
// Log escaping: client-supplied text (usernames, namespaces, event names, paths) must not be
// able to forge log lines. escapedForLog() writes control characters (C0, DEL, C1), line and
// paragraph separators, bidi controls and zero-width characters as \n, \xNN or \uXXXX;
// installLogEscaping() applies it to every message, in front of whatever handler was installed.
#include <QString>
#include <QStringView>

namespace SmartFixer {

//! \a text with every character that could break or disguise a log line escaped.
QString escapedForLog(QStringView text);
//! Whether \a c is escaped by escapedForLog (also used by name validation).
bool isInvisibleOrControl(char32_t c);
//! Installs a message handler that escapes each message and hands it to the previous one.
//! Idempotent.
void installLogEscaping();

} // namespace SmartFixer
