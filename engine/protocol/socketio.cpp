#include "socketio.h"

#include "engineio.h"

#include "protocol/jsontext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace SmartFixer::SocketIo {

namespace {

// Ack ids are JavaScript numbers on the other side: keep them exactly representable.
constexpr qint64 kMaxAckId = (qint64(1) << 53) - 1;

using R = Result<Packet>;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QByteArray toJson(const QJsonValue &v)
{
    if (v.isObject())
        return JsonText::protectBom(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return JsonText::protectBom(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: QJsonDocument holds only containers, so encode it inside an array and unwrap.
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return JsonText::protectBom(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace

Result<Packet> decode(QByteArrayView payload)
{
    if (payload.isEmpty())
        return R::failure(QStringLiteral("empty Socket.IO packet"));
    if (!EngineIo::isValidUtf8(payload))
        return R::failure(QStringLiteral("Socket.IO packet is not valid UTF-8"));
    const char t = payload.front();
    if (!isDigit(t) || t > '6')
        return R::failure(QStringLiteral("unknown Socket.IO packet type"));
    Packet packet;
    packet.type = static_cast<PacketType>(t - '0');
    if (packet.type == PacketType::BinaryEvent || packet.type == PacketType::BinaryAck)
        return R::failure(QStringLiteral("binary Socket.IO packets are not supported"));

    qsizetype i = 1;
    const qsizetype n = payload.size();
    // Namespace: "/name," (socket.io-parser also ends it at the end of the packet).
    if (i < n && payload[i] == '/') {
        const qsizetype comma = payload.indexOf(',', i);
        const qsizetype end = comma < 0 ? n : comma;
        packet.nsp = QString::fromUtf8(payload.sliced(i, end - i));
        i = comma < 0 ? n : comma + 1;
    }
    // Ack id: decimal digits right before the JSON.
    if (i < n && isDigit(payload[i])) {
        if (packet.type != PacketType::Event && packet.type != PacketType::Ack)
            return R::failure(QStringLiteral("ack id on a packet that cannot have one"));
        qint64 id = 0;
        while (i < n && isDigit(payload[i])) {
            id = id * 10 + (payload[i] - '0');
            if (id > kMaxAckId)
                return R::failure(QStringLiteral("ack id too large"));
            ++i;
        }
        packet.ackId = id;
    }

    if (i < n) {
        QJsonParseError err;
        const QJsonDocument doc
            = QJsonDocument::fromJson(JsonText::protectBom(payload.sliced(i).toByteArray()), &err);
        if (err.error != QJsonParseError::NoError)
            return R::failure(
                QStringLiteral("invalid JSON in Socket.IO packet: %1").arg(err.errorString()));
        if (JsonText::hasUnpairedSurrogateEscape(payload.sliced(i)))
            return R::failure(QStringLiteral("invalid JSON in Socket.IO packet: an unpaired "
                                             "UTF-16 surrogate escape"));
        if (doc.isObject())
            packet.data = doc.object();
        else if (doc.isArray())
            packet.data = doc.array();
        else
            return R::failure(QStringLiteral("Socket.IO payload is not an object or array"));
    }

    switch (packet.type) {
    case PacketType::Connect:
        if (!packet.data.isUndefined() && !packet.data.isObject())
            return R::failure(QStringLiteral("CONNECT payload must be an object"));
        break;
    case PacketType::Disconnect:
        if (!packet.data.isUndefined())
            return R::failure(QStringLiteral("DISCONNECT carries no payload"));
        break;
    case PacketType::Event: {
        const QJsonArray a = packet.data.toArray();
        if (!packet.data.isArray() || a.isEmpty() || !a.first().isString())
            return R::failure(QStringLiteral("EVENT payload must be [\"name\", …]"));
        break;
    }
    case PacketType::Ack:
        if (!packet.ackId)
            return R::failure(QStringLiteral("ACK without an ack id"));
        if (!packet.data.isArray())
            return R::failure(QStringLiteral("ACK payload must be an array"));
        break;
    case PacketType::ConnectError:
        if (!packet.data.isObject())
            return R::failure(QStringLiteral("CONNECT_ERROR payload must be an object"));
        break;
    case PacketType::BinaryEvent:
    case PacketType::BinaryAck:
        break; // rejected above
    }
    return packet;
}

QByteArray encode(const Packet &packet)
{
    QByteArray out;
    out.append(static_cast<char>('0' + static_cast<int>(packet.type)));
    if (!packet.nsp.isEmpty() && packet.nsp != QLatin1String("/")) {
        out.append(packet.nsp.toUtf8());
        out.append(',');
    }
    if (packet.ackId)
        out.append(QByteArray::number(*packet.ackId));
    if (!packet.data.isUndefined())
        out.append(toJson(packet.data));
    return out;
}

QByteArray encodeEvent(const QString &name, const QJsonArray &args, std::optional<qint64> ackId)
{
    QJsonArray data{name};
    for (const QJsonValue &v : args)
        data.append(v);
    Packet p;
    p.type = PacketType::Event;
    p.ackId = ackId;
    p.data = data;
    return encode(p);
}

QByteArray encodeAck(qint64 ackId, const QJsonArray &args)
{
    Packet p;
    p.type = PacketType::Ack;
    p.ackId = ackId;
    p.data = args;
    return encode(p);
}

QByteArray encodeConnect(const QJsonValue &auth)
{
    Packet p;
    p.type = PacketType::Connect;
    p.data = auth;
    return encode(p);
}

QByteArray encodeConnectError(const QString &message)
{
    Packet p;
    p.type = PacketType::ConnectError;
    p.data = QJsonObject{{QStringLiteral("message"), message}};
    return encode(p);
}

QString eventName(const Packet &packet)
{
    if (packet.type != PacketType::Event || !packet.data.isArray())
        return {};
    return packet.data.toArray().first().toString();
}

QJsonArray eventArgs(const Packet &packet)
{
    if (packet.type != PacketType::Event || !packet.data.isArray())
        return {};
    QJsonArray args = packet.data.toArray();
    if (!args.isEmpty())
        args.removeFirst();
    return args;
}

} // namespace SmartFixer::SocketIo
