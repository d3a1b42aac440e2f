#include "wirejson.h"

#include "core/presenceinfo.h"
#include "storage/store.h"

namespace SmartFixer::Wire {

std::optional<qint64> parsePositiveId(QStringView text)
{
    if (text.isEmpty() || text.size() > 19)
        return std::nullopt;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return value;
}

std::optional<UserId> jsonUserId(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        const qint64 i = value.toInteger(-1);
        if (i > 0 && double(i) == d)
            return i;
        return std::nullopt;
    }
    if (value.isString())
        return parsePositiveId(value.toString());
    return std::nullopt;
}

QJsonObject errorObject(const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), message}};
}

QJsonObject messageJson(const MessageRow &m)
{
    return QJsonObject{
        {QStringLiteral("id"), m.id},
        {QStringLiteral("from"), m.from},
        {QStringLiteral("to"), m.to},
        {QStringLiteral("text"), m.text},
        {QStringLiteral("sent_at"), toIsoUtc(m.sentAtMs)},
        {QStringLiteral("client_id"),
         m.clientId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.clientId)},
        // DESIGN.md §12: null until then.
        {QStringLiteral("delivered_at"),
         m.deliveredAtMs ? QJsonValue(toIsoUtc(*m.deliveredAtMs)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("read_at"),
         m.readAtMs ? QJsonValue(toIsoUtc(*m.readAtMs)) : QJsonValue(QJsonValue::Null)},
    };
}

QJsonObject userJson(const UserRow &u)
{
    return QJsonObject{{QStringLiteral("user_id"), u.id},
                       {QStringLiteral("username"), u.username},
                       {QStringLiteral("display_name"), u.displayName}};
}

} // namespace SmartFixer::Wire
