#include "servicelog.h"

#include <QByteArray>
#include <QLoggingCategory>

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace SmartFixer {

namespace {

//! Whether stderr is the journal's stream: $JOURNAL_STREAM is "DEVICE:INODE" of that stream,
//! and only counts while stderr still is it (a redirect in a child shell is not the journal).
bool stderrIsJournal()
{
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    const qsizetype colon = stream.indexOf(':');
    if (colon <= 0)
        return false;
    bool okDev = false;
    bool okIno = false;
    const qulonglong dev = stream.left(colon).toULongLong(&okDev);
    const qulonglong ino = stream.mid(colon + 1).toULongLong(&okIno);
    struct stat st = {};
    if (!okDev || !okIno || ::fstat(STDERR_FILENO, &st) != 0)
        return false;
    return qulonglong(st.st_dev) == dev && qulonglong(st.st_ino) == ino;
}

bool g_journal = false;

//! syslog priorities (sd-daemon(3)): 2 crit, 3 err, 4 warning, 6 info, 7 debug.
const char *journalPrefix(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "<7>";
    case QtInfoMsg:
        return "<6>";
    case QtWarningMsg:
        return "<4>";
    case QtCriticalMsg:
        return "<3>";
    case QtFatalMsg:
        return "<2>";
    }
    return "<6>";
}

const char *levelWord(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QByteArray line;
    line.reserve(message.size() + 48);
    if (g_journal)
        line += journalPrefix(type);
    else
        line += QByteArray(levelWord(type)) + ": ";
    if (context.category && qstrcmp(context.category, "default") != 0)
        line += QByteArray(context.category) + ": ";
    line += escapeLogText(message).toUtf8();
    line += '\n';
    // One write() per line: lines from several threads never interleave (stderr is unbuffered).
    const char *p = line.constData();
    qsizetype left = line.size();
    while (left > 0) {
        const ssize_t n = ::write(STDERR_FILENO, p, size_t(left));
        if (n <= 0)
            break; // nowhere to report a failed log write
        p += n;
        left -= n;
    }
}

} // namespace

QString escapeLogText(const QString &message)
{
    QString out;
    out.reserve(message.size());
    for (const QChar c : message) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u != 0x7f && u != 0x2028 && u != 0x2029) {
            out += c;
            continue;
        }
        switch (u) {
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        default:
            out += QStringLiteral("\\x%1").arg(uint(u), u > 0xff ? 4 : 2, 16, QChar(u'0'));
        }
    }
    return out;
}

void installServiceLogHandler()
{
    g_journal = stderrIsJournal();
    qInstallMessageHandler(handler);
}

QCommandLineOption logLevelOption()
{
    return QCommandLineOption(QStringLiteral("log-level"),
                              QStringLiteral("Least severe messages logged: error, warning, "
                                             "info or debug (default info)."),
                              QStringLiteral("LEVEL"));
}

Result<QtMsgType> applyLogLevel(const QString &level)
{
    // Rules set here are overridden by QT_LOGGING_RULES (the benchmark turns on one category).
    QString rules;
    QtMsgType type = QtInfoMsg;
    if (level == u"error") {
        type = QtCriticalMsg;
        rules = QStringLiteral("*.debug=false\n*.info=false\n*.warning=false");
    } else if (level == u"warning") {
        type = QtWarningMsg;
        rules = QStringLiteral("*.debug=false\n*.info=false");
    } else if (level == u"info") {
        rules = QStringLiteral("*.debug=false");
    } else if (level == u"debug") {
        type = QtDebugMsg;
        rules = QStringLiteral("smartfixer.*.debug=true");
    } else {
        return Result<QtMsgType>::failure(
            QStringLiteral("--log-level must be error, warning, info or debug, not \"%1\"")
                .arg(level),
            ErrorKind::Invalid);
    }
    QLoggingCategory::setFilterRules(rules);
    return type;
}

} // namespace SmartFixer
