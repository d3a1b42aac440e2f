#include "serverconfigfile.h"

#include "servicelog.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>

namespace SmartFixer {

namespace {

const QString kConfig = QStringLiteral("config");

struct Entry
{
    QString key;
    QString value;
};

//! Every top-level key of the INI file \a path with its value as text.
Result<QList<Entry>> readIni(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable())
        return Result<QList<Entry>>::failure(
            QStringLiteral("cannot read the config file \"%1\"").arg(escapeLogText(path)),
            ErrorKind::Invalid);
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return Result<QList<Entry>>::failure(
            QStringLiteral("%1: not a valid INI file").arg(escapeLogText(path)),
            ErrorKind::Invalid);
    QList<Entry> entries;
    const QStringList keys = settings.allKeys(); // sorted, so errors come in a stable order
    for (const QString &key : keys) {
        // QSettings' INI comments start with ';'; a line starting with '#' reaches us as a key.
        if (key.startsWith(u'#'))
            continue;
        // "[server]\nport=1" arrives as "server/port": sections are not part of the format.
        // (An empty key, "= 1", is refused before QSettings::value() warns about it.)
        if (key.isEmpty() || key.contains(u'/'))
            return Result<QList<Entry>>::failure(
                QStringLiteral("%1: unknown key \"%2\" (keys are the long option names of "
                               "smartfixer-server --help, outside any [section])")
                    .arg(escapeLogText(path), escapeLogText(key)),
                ErrorKind::Invalid);
        const QVariant value = settings.value(key);
        // QSettings splits an unquoted value at commas; put it back together.
        const QString text = value.typeId() == QMetaType::QStringList
            ? value.toStringList().join(u',')
            : value.toString();
        entries.append({key, text.trimmed()});
    }
    return entries;
}

enum class OptionKind { Unknown, Flag, Value };

//! Asks the parser itself how it treats "--name", so options added anywhere are known here.
OptionKind optionKind(QCommandLineParser &parser, const QString &program, const QString &name)
{
    if (parser.parse({program, QStringLiteral("--") + name}))
        return OptionKind::Flag;
    // An unknown option, or a known one that needs a value ("Missing value after ...").
    return parser.unknownOptionNames().contains(name) ? OptionKind::Unknown : OptionKind::Value;
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.toLower();
    if (t == u"true" || t == u"yes" || t == u"on" || t == u"1")
        return true;
    if (t == u"false" || t == u"no" || t == u"off" || t == u"0")
        return false;
    return std::nullopt;
}

//! The value of --config in \a args, or a null string.
QString configPathIn(const QStringList &args, int *index, int *count)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"--") // everything after it is positional
            break;
        if (a == u"--config" && i + 1 < args.size()) {
            *index = i;
            *count = 2;
            return args.at(i + 1);
        }
        if (a.startsWith(u"--config=")) {
            *index = i;
            *count = 1;
            return a.mid(9);
        }
    }
    return QString();
}

} // namespace

QCommandLineOption configFileOption()
{
    return QCommandLineOption(
        kConfig,
        QStringLiteral("Read options from an INI file (key = long option name, e.g. \"port = "
                       "8765\"); the command line wins."),
        QStringLiteral("FILE"));
}

Result<QStringList> applyConfigFile(QCommandLineParser &parser, const QStringList &argv)
{
    if (argv.isEmpty() || !parser.parse(argv) || !parser.isSet(kConfig))
        return argv;
    const QString path = parser.value(kConfig);
    const auto entries = readIni(path);
    if (!entries)
        return Result<QStringList>::failureFrom(entries);

    const QString &program = argv.first();
    QStringList fromFile;
    static const QRegularExpression keyPattern(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
    for (const Entry &e : *entries) {
        // Keys and values are echoed in the one error line: escaped, so it stays one line.
        const auto fail = [&](const QString &why) {
            return Result<QStringList>::failure(
                QStringLiteral("%1: key \"%2\" %3")
                    .arg(escapeLogText(path), escapeLogText(e.key), why),
                ErrorKind::Invalid);
        };
        if (!keyPattern.match(e.key).hasMatch())
            return fail(QStringLiteral("is not an option (see smartfixer-server --help)"));
        // The command line's checks print the value they refuse: keep control characters (a
        // QSettings "\n" escape is a real newline) out of them.
        for (const QChar c : e.value) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                return fail(QStringLiteral("has a control character in its value"));
        }
        if (e.key == kConfig || e.key == u"help" || e.key == u"help-all" || e.key == u"version")
            return fail(QStringLiteral("is not allowed in a config file"));
        switch (optionKind(parser, program, e.key)) {
        case OptionKind::Unknown:
            return fail(QStringLiteral("is not an option (see smartfixer-server --help)"));
        case OptionKind::Flag: {
            const auto on = parseBool(e.value);
            if (!on)
                return fail(QStringLiteral("must be true or false, not \"%1\"")
                                .arg(escapeLogText(e.value)));
            if (*on)
                fromFile.append(QStringLiteral("--") + e.key);
            break;
        }
        case OptionKind::Value:
            if (e.value.isEmpty())
                return fail(QStringLiteral("has no value"));
            fromFile.append(QStringLiteral("--") + e.key + u'=' + e.value);
            break;
        }
    }
    return QStringList{program} + fromFile + argv.mid(1);
}

Result<AdminInvocation> adminInvocation(const QStringList &args)
{
    int index = -1;
    int count = 0;
    const QString path = configPathIn(args, &index, &count);
    if (index < 0)
        return AdminInvocation{args, QString()};
    AdminInvocation result{args, QString()};
    result.args.remove(index, count);
    const auto entries = readIni(path);
    if (!entries)
        return Result<AdminInvocation>::failureFrom(entries);
    for (const Entry &e : *entries) {
        if (e.key == u"db")
            result.configDatabase = e.value;
    }
    return result;
}

} // namespace SmartFixer
