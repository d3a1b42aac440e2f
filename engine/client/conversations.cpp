#include "conversations.h"

#include "client/restclient.h"
#include "client/sioclient.h"
#include "core/logging.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QUrl>

namespace SmartFixer {

Conversations::Conversations(RestClient *rest, SocketIoClient *socket, LocalCache *cache,
                             Clock *clock, QObject *parent)
    : QObject(parent), m_rest(rest), m_socket(socket), m_cache(cache), m_clock(clock)
{ }

int Conversations::indexOf(UserId peer) const
{
    for (qsizetype i = 0; i < m_list.size(); ++i) {
        if (m_list.at(i).peer.userId == peer)
            return int(i);
    }
    return -1;
}

void Conversations::moveToTop(int index)
{
    if (index > 0)
        m_list.move(index, 0);
}

int Conversations::unread(UserId peer) const
{
    const int i = indexOf(peer);
    return i < 0 ? 0 : m_list.at(i).unread;
}

int Conversations::totalUnread() const
{
    int n = 0;
    for (const ConversationInfo &c : m_list)
        n += c.unread;
    return n;
}

void Conversations::refresh()
{
    QPointer<Conversations> guard(this);
    m_rest->request("GET", QStringLiteral("/api/conversations"), QJsonValue(QJsonValue::Undefined),
                    [this, guard](const Result<RestReply> &reply) {
                        if (!guard)
                            return;
                        if (!reply) {
                            // An older server without §12 answers 404: no list, nothing to show.
                            if (reply.kind() != ErrorKind::NotFound)
                                Q_EMIT failed(ClientError::from(reply));
                            return;
                        }
                        QList<ConversationInfo> list;
                        const QJsonArray array = reply->body.toArray();
                        for (const QJsonValue &v : array) {
                            const QJsonObject o = v.toObject();
                            const QJsonObject p = o.value(QStringLiteral("peer")).toObject();
                            ConversationInfo c;
                            c.peer.userId = p.value(QStringLiteral("user_id")).toInteger();
                            c.peer.username = p.value(QStringLiteral("username")).toString();
                            c.peer.displayName = p.value(QStringLiteral("display_name")).toString();
                            const auto last = ChatMessage::fromJson(
                                o.value(QStringLiteral("last_message")).toObject());
                            if (c.peer.userId <= 0 || !last)
                                continue;
                            c.lastMessage = last.value();
                            if (c.lastMessage.from == m_self)
                                c.lastMessage.delivery = ChatMessage::Delivery::Sent;
                            c.unread = std::max(0, int(o.value(QStringLiteral("unread")).toInt()));
                            m_cache->storeMessage(c.lastMessage);
                            list.append(c);
                        }
                        m_list = list;
                        Q_EMIT changed();
                    });
    m_rest->me([this, guard](const Result<RestReply> &reply) {
        if (!guard || !reply)
            return;
        const QJsonValue v = reply->body.toObject().value(QStringLiteral("read_receipts"));
        if (v.isBool() && v.toBool() != m_readReceipts) {
            m_readReceipts = v.toBool();
            Q_EMIT readReceiptsChanged(m_readReceipts);
        }
    });
}

void Conversations::markRead(UserId peer, qint64 upTo)
{
    if (peer <= 0 || upTo <= 0 || m_readUpTo.value(peer) >= upTo)
        return;
    const int i = indexOf(peer);
    const bool hadUnread = i >= 0 && m_list.at(i).unread > 0;
    // Something from the peer above what we marked before: only then is a mark_read worth it.
    const auto newest = m_cache->messageById(upTo);
    if (!hadUnread && !(newest && newest->from == peer && !newest->readAtMs))
        return;
    m_readUpTo.insert(peer, upTo);
    m_cache->setReadUpTo(peer, m_self, upTo, m_clock->nowMs());
    m_socket->emitWithAck(
        QStringLiteral("mark_read"),
        {QJsonObject{{QStringLiteral("peer"), peer}, {QStringLiteral("up_to"), upTo}}},
        [](const Result<QJsonArray> &ack) {
            if (!ack)
                qCInfo(lcClient) << "mark_read:" << ack.error();
        });
    if (hadUnread) {
        m_list[i].unread = 0;
        Q_EMIT changed();
    }
}

void Conversations::setReadReceipts(bool on)
{
    QPointer<Conversations> guard(this);
    m_rest->request("PUT", QStringLiteral("/api/me/privacy"),
                    QJsonObject{{QStringLiteral("read_receipts"), on}},
                    [this, guard, on](const Result<RestReply> &reply) {
                        if (!guard)
                            return;
                        if (!reply) {
                            Q_EMIT failed(ClientError::from(reply));
                            return;
                        }
                        m_readReceipts = on;
                        Q_EMIT readReceiptsChanged(on);
                    });
}

void Conversations::search(const QString &text, UserId peer, int limit)
{
    // Percent-encoded by hand: "+" and "&" in the text stay literal.
    QString path = QStringLiteral("/api/messages/search?q=")
        + QString::fromLatin1(QUrl::toPercentEncoding(text))
        + QStringLiteral("&limit=%1").arg(limit);
    if (peer > 0)
        path += QStringLiteral("&peer=%1").arg(peer);
    QPointer<Conversations> guard(this);
    m_rest->request("GET", path, QJsonValue(QJsonValue::Undefined),
                    [this, guard, text](const Result<RestReply> &reply) {
                        if (!guard)
                            return;
                        if (!reply) {
                            Q_EMIT failed(ClientError::from(reply));
                            return;
                        }
                        QList<ChatMessage> results;
                        const QJsonArray array = reply->body.toArray();
                        for (const QJsonValue &v : array) {
                            const auto parsed = ChatMessage::fromJson(v.toObject());
                            if (!parsed)
                                continue;
                            ChatMessage m = parsed.value();
                            if (m.from == m_self)
                                m.delivery = ChatMessage::Delivery::Sent;
                            results.append(m);
                        }
                        Q_EMIT searchFinished(text, results);
                    });
}

void Conversations::messageArrived(const ChatMessage &message, bool countsAsUnread)
{
    if (message.id <= 0 || m_self == 0)
        return;
    const UserId peer = message.peer(m_self);
    int i = indexOf(peer);
    if (i < 0) {
        ConversationInfo c;
        c.peer.userId = peer;
        m_list.prepend(c);
        i = 0;
    }
    ConversationInfo &c = m_list[i];
    if (c.lastMessage.id <= message.id)
        c.lastMessage = message;
    if (countsAsUnread && message.from == peer)
        ++c.unread;
    moveToTop(i);
    Q_EMIT changed();
}

bool Conversations::handleEvent(const QString &name, const QJsonValue &payload)
{
    const QJsonObject o = payload.toObject();
    if (name == QLatin1String("message_delivered")) {
        const qint64 id = o.value(QStringLiteral("id")).toInteger();
        const UserId to = o.value(QStringLiteral("to")).toInteger();
        if (id > 0 && to > 0) {
            m_cache->setDelivered(id, m_clock->nowMs());
            Q_EMIT receiptsChanged(to);
        }
        return true;
    }
    if (name == QLatin1String("messages_read")) {
        const UserId by = o.value(QStringLiteral("by")).toInteger();
        const UserId peer = o.value(QStringLiteral("peer")).toInteger();
        const qint64 upTo = o.value(QStringLiteral("up_to")).toInteger();
        if (by <= 0 || peer <= 0 || upTo <= 0)
            return true;
        if (by == m_self) {
            // Another device of ours read them: the same here.
            m_readUpTo.insert(peer, std::max(m_readUpTo.value(peer), upTo));
            m_cache->setReadUpTo(peer, m_self, upTo, m_clock->nowMs());
            const int i = indexOf(peer);
            if (i >= 0 && m_list.at(i).unread > 0) {
                m_list[i].unread = 0;
                Q_EMIT changed();
            }
        } else {
            // The peer read ours.
            m_cache->setReadUpTo(m_self, by, upTo, m_clock->nowMs());
            Q_EMIT receiptsChanged(by);
        }
        return true;
    }
    return false;
}

} // namespace SmartFixer
