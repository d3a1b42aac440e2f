#include "usernames.h"

#include "core/logescape.h"

#include <QList>

namespace SmartFixer::Names {

QString canonicalUsername(const QString &name)
{
    // RFC 8265 3.3 (UsernameCaseMapped): width mapping (NFKC does it), case mapping, NFC; NFKC
    // after folding keeps the result stable for the few characters folding denormalises.
    return name.normalized(QString::NormalizationForm_KC)
        .toCaseFolded()
        .normalized(QString::NormalizationForm_KC);
}

bool isValidUsername(const QString &name)
{
    if (name.isEmpty() || name.size() > MaxUsernameChars)
        return false;
    for (QChar c : name) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
            || (u >= u'0' && u <= u'9') || u == u'_' || u == u'.' || u == u'-';
        if (!ok)
            return false;
    }
    return true;
}

std::optional<QString> cleanDisplayName(const QString &name, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<QString> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString n = name.normalized(QString::NormalizationForm_C).trimmed();
    if (n.isEmpty())
        return fail(QStringLiteral("display_name is empty"));
    const QList<uint> ucs4 = n.toUcs4();
    if (ucs4.size() > MaxDisplayNameChars)
        return fail(
            QStringLiteral("display_name longer than %1 characters").arg(MaxDisplayNameChars));
    for (qsizetype i = 0; i < n.size(); ++i) {
        if (n.at(i).isSurrogate()
            && !(n.at(i).isHighSurrogate() && i + 1 < n.size() && n.at(i + 1).isLowSurrogate()))
            return fail(QStringLiteral("display_name is not valid Unicode"));
        if (n.at(i).isHighSurrogate())
            ++i;
    }
    for (uint c : ucs4) {
        if (isInvisibleOrControl(char32_t(c)) || QChar::category(char32_t(c)) == QChar::Other_Format
            || QChar::category(char32_t(c)) == QChar::Other_NotAssigned
            || QChar::category(char32_t(c)) == QChar::Other_PrivateUse)
            return fail(QStringLiteral(
                "display_name contains control, bidi, invisible or unassigned characters"));
    }
    return n;
}

} // namespace SmartFixer::Names
