#pragma once
// The property the codec fuzzers check, shared by the libFuzzer target (fuzz_codec) and the
// deterministic smoke test that runs in every ctest run (tst_fuzzsmoke): any bytes decode to a
// packet or to an error, never UB; and whatever decodes re-encodes to something that decodes
// to the same packet (Engine.IO: to the same bytes).
#include "protocol/engineio.h"
#include "protocol/socketio.h"

#include <QByteArray>
#include <QJsonArray>
#include <QString>

namespace SmartFixer::Fuzz {

//! Empty string when every property holds, else a description of the violation.
inline QString checkCodecInput(QByteArrayView input)
{
    const auto eio = EngineIo::decode(input);
    if (eio.ok()) {
        if (EngineIo::encode(*eio) != input)
            return QStringLiteral("EngineIo encode(decode(x)) != x");
        if (eio->type == EngineIo::PacketType::Open) {
            const auto open = EngineIo::decodeOpen(eio->data);
            if (open.ok()) {
                const auto again = EngineIo::decode(EngineIo::encodeOpen(*open));
                if (!again.ok())
                    return QStringLiteral("encodeOpen output does not decode");
                const auto open2 = EngineIo::decodeOpen(again->data);
                if (!open2.ok() || !(*open2 == *open))
                    return QStringLiteral("decodeOpen round trip differs");
            }
        }
    } else if (eio.error().isEmpty()) {
        return QStringLiteral("EngineIo error without a message");
    }

    // Everything after the first byte as a Socket.IO payload, and the whole input as one.
    for (const QByteArrayView payload : {input, input.isEmpty() ? input : input.sliced(1)}) {
        const auto sio = SocketIo::decode(payload);
        if (!sio.ok()) {
            if (sio.error().isEmpty())
                return QStringLiteral("SocketIo error without a message");
            continue;
        }
        const QByteArray encoded = SocketIo::encode(*sio);
        const auto back = SocketIo::decode(encoded);
        if (!back.ok())
            return QStringLiteral("SocketIo re-encoded packet does not decode: ")
                + QString::fromUtf8(encoded.left(200));
        if (!(*back == *sio))
            return QStringLiteral("SocketIo round trip differs: ")
                + QString::fromUtf8(encoded.left(200));
        if (sio->type == SocketIo::PacketType::Event) {
            // The helpers the server uses on every event must agree with the packet.
            const QJsonArray all = sio->data.toArray();
            if (SocketIo::eventName(*sio) != all.first().toString()
                || SocketIo::eventArgs(*sio).size() != all.size() - 1)
                return QStringLiteral("eventName/eventArgs disagree with the packet");
        }
    }
    return {};
}

} // namespace SmartFixer::Fuzz
