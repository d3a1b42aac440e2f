#pragma once
// Socket.IO v5 packets (the payload of an Engine.IO Message packet), as pure functions.
// Only the default namespace "/" is used by SmartFixer, but others decode correctly.
// Binary packets (types 5 and 6) decode as errors: SmartFixer never sends binary.
#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace SmartFixer::SocketIo {

enum class PacketType : int {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
};

struct Packet
{
    PacketType type = PacketType::Event;
    QString nsp = QStringLiteral("/");
    std::optional<qint64> ackId; //!< non-negative
    //! Connect: the auth object (or Undefined); ConnectError: {"message":…}; Event: the array
    //! [name, args…]; Ack: the array of args; Disconnect: Undefined.
    QJsonValue data = QJsonValue(QJsonValue::Undefined);
    friend bool operator==(const Packet &, const Packet &) = default;
};

//! Decodes the data of an Engine.IO Message packet. Errors: bad type, bad namespace, bad ack
//! id, invalid JSON, or a payload of the wrong JSON type for the packet type (an event must be
//! a non-empty array whose first element is a string).
Result<Packet> decode(QByteArrayView payload);
//! Encodes a packet (without the Engine.IO '4' prefix).
QByteArray encode(const Packet &packet);

// Convenience builders. All return the Socket.IO payload without the Engine.IO prefix.
QByteArray encodeEvent(const QString &name, const QJsonArray &args,
                       std::optional<qint64> ackId = std::nullopt);
QByteArray encodeAck(qint64 ackId, const QJsonArray &args);
QByteArray encodeConnect(const QJsonValue &auth = QJsonValue(QJsonValue::Undefined));
QByteArray encodeConnectError(const QString &message);

//! For an Event packet: the event name, and the arguments after it.
QString eventName(const Packet &packet);
QJsonArray eventArgs(const Packet &packet);

} // namespace SmartFixer::SocketIo
