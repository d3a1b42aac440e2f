#pragma once
// Wire JSON: the small pieces of DESIGN.md §4's JSON that the REST API and the socket event
// handlers share — id parsing from paths and payloads, error objects, user and message objects.
#include "core/presence.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringView>
#include <optional>

namespace SmartFixer {

struct MessageRow;
struct UserRow;

namespace Wire {

//! A positive 64-bit id from a path segment or query value: digits only.
std::optional<qint64> parsePositiveId(QStringView text);
//! A user id in a JSON payload: an integral number, or a string of digits.
std::optional<UserId> jsonUserId(const QJsonValue &value);
//! {"error": message}
QJsonObject errorObject(const QString &message);
//! A message object {"id","from","to","text","sent_at","client_id","delivered_at","read_at"}.
QJsonObject messageJson(const MessageRow &message);
//! {"user_id","username","display_name"}
QJsonObject userJson(const UserRow &user);

} // namespace Wire
} // namespace SmartFixer
