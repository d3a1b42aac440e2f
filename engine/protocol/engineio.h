#pragma once
// Engine.IO v4 packets over the WebSocket transport (one packet per text frame), as pure
// functions: bytes in, packets out, and back. Malformed input gives an error, never UB.
#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <optional>

namespace SmartFixer::EngineIo {

enum class PacketType : char {
    Open = '0',
    Close = '1',
    Ping = '2',
    Pong = '3',
    Message = '4',
    Upgrade = '5',
    Noop = '6',
};

struct Packet
{
    PacketType type = PacketType::Noop;
    QByteArray data; //!< everything after the type character (for Message: a Socket.IO packet)
    friend bool operator==(const Packet &, const Packet &) = default;
};

//! The open packet's JSON fields. maxPayload is optional (python-engineio omits it).
struct OpenInfo
{
    QString sid;
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    std::optional<qint64> maxPayload;
    friend bool operator==(const OpenInfo &, const OpenInfo &) = default;
};

//! Decodes one WebSocket text frame. Errors: empty frame, unknown type, invalid UTF-8.
Result<Packet> decode(QByteArrayView frame);
QByteArray encode(const Packet &packet);
QByteArray encode(PacketType type, QByteArrayView data = {});

//! "0{"sid":…,"upgrades":[],"pingInterval":…,"pingTimeout":…,"maxPayload":…}"
QByteArray encodeOpen(const OpenInfo &info);
//! Parses the data of an Open packet.
Result<OpenInfo> decodeOpen(QByteArrayView data);

//! Strict UTF-8 check (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(QByteArrayView bytes);

} // namespace SmartFixer::EngineIo
