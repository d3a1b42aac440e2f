// RestApi's routes of DESIGN.md §12: GET /api/conversations and GET /api/messages/search.
#include "core/statustext.h"
#include "server/receipts.h"
#include "server/restapi.h"
#include "server/storedirectory.h"
#include "server/wirejson.h"
#include "storage/serverstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace SmartFixer {

namespace {
constexpr int DefaultConversations = 100;
constexpr int MaxConversations = 500;
constexpr int DefaultSearchResults = 20;
constexpr int MaxSearchResults = 50;
constexpr int MaxSearchChars = 100; // characters (code points) of q

//! An optional "limit" between 1 and \a max; the error reply when it is not.
std::optional<HttpReply> readLimit(const QUrlQuery &query, int max, int *limit)
{
    if (!query.hasQueryItem(QStringLiteral("limit")))
        return std::nullopt;
    const auto l = Wire::parsePositiveId(query.queryItemValue(QStringLiteral("limit")));
    if (!l || *l > max)
        return HttpReply::error(400, QStringLiteral("limit must be between 1 and %1").arg(max));
    *limit = int(*l);
    return std::nullopt;
}
} // namespace

HttpReply RestApi::conversations(const Call &call)
{
    int limit = DefaultConversations;
    if (auto bad = readLimit(call.http.query(), MaxConversations, &limit))
        return *bad;
    const StatusTextOptions text = restText(call.http);
    ServerStore *store = m_context.store;
    QJsonArray result;
    const QList<ConversationRow> rows = store->conversations(call.me, limit);
    for (const ConversationRow &c : rows) {
        const auto peer = store->userById(c.peer);
        const auto last = store->messageById(c.lastMessageId);
        if (!peer || !last)
            continue; // removed in between
        result.append(QJsonObject{
            {QStringLiteral("peer"), contactJson(call.me, *peer, text)},
            {QStringLiteral("last_message"),
             Receipts::messageFor(store, m_context.hub, call.me, *last)},
            {QStringLiteral("unread"), c.unread},
        });
    }
    return HttpReply::json(200, result);
}

HttpReply RestApi::searchMessages(const Call &call)
{
    const QUrlQuery query = call.http.query();
    const QString q = query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (q.isEmpty())
        return HttpReply::error(400, QStringLiteral("q must not be empty"));
    if (q.toUcs4().size() > MaxSearchChars)
        return HttpReply::error(400,
                                QStringLiteral("q longer than %1 characters").arg(MaxSearchChars));
    for (QChar ch : q) {
        if (ch.category() == QChar::Other_Control)
            return HttpReply::error(400, QStringLiteral("q must not contain control characters"));
    }
    std::optional<UserId> peer;
    if (query.hasQueryItem(QStringLiteral("peer"))) {
        peer = Wire::parsePositiveId(query.queryItemValue(QStringLiteral("peer")));
        if (!peer)
            return HttpReply::error(400, QStringLiteral("peer must be a positive user id"));
        if (!m_context.directory->userExists(*peer))
            return HttpReply::error(404, QStringLiteral("unknown user"));
    }
    int limit = DefaultSearchResults;
    if (auto bad = readLimit(query, MaxSearchResults, &limit))
        return *bad;
    QJsonArray result;
    const QList<MessageRow> rows = m_context.store->searchMessages(call.me, q, peer, limit);
    for (const MessageRow &row : rows)
        result.append(Receipts::messageFor(m_context.store, m_context.hub, call.me, row));
    return HttpReply::json(200, result);
}

} // namespace SmartFixer
