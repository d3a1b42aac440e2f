// RestApi's PUT /api/me/status (DESIGN.md §10), kept apart from restapi.cpp so that the route
// table is the only shared line.
#include "core/manualstatus.h"
#include "protocol/jsontext.h"
#include "server/restapi.h"
#include "server/statuscommand.h"

#include <QJsonDocument>

namespace SmartFixer {

HttpReply RestApi::setStatus(const Call &call)
{
    QJsonParseError error;
    const QJsonDocument doc
        = QJsonDocument::fromJson(JsonText::protectBom(call.http.body()), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()
        || JsonText::hasUnpairedSurrogateEscape(call.http.body()))
        return HttpReply::error(
            400, QStringLiteral("expected {\"availability\",\"message\",\"expires_at\"}"));
    const auto status = applyStatusPayload(m_context.hub, m_context.clock, call.me, doc.object());
    if (!status)
        return HttpReply::error(400, status.error());
    return HttpReply::json(200, manualStatusJson(*status));
}

} // namespace SmartFixer
