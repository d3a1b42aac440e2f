#pragma once
// Properties of the WebSocket framing code (engine/protocol/websocket.h) that must hold for
// any input, shared by the libFuzzer target fuzz_websocket and the deterministic smoke test.
// Input layout: byte 0 picks the message limit, byte 1 the chunking, the rest is the
// client → server byte stream; the same bytes are also parsed as an upgrade request head.
#include "protocol/websocket.h"

#include <QList>
#include <QString>

namespace SmartFixer::Fuzz {

//! A masked client frame (what a browser sends), for round trips.
inline QByteArray maskedFrame(quint8 firstByte, QByteArrayView payload, quint32 maskKey)
{
    QByteArray f;
    f.append(char(firstByte));
    const auto n = quint64(payload.size());
    if (n < 126) {
        f.append(char(0x80 | n));
    } else if (n <= 0xffff) {
        f.append(char(0x80 | 126));
        f.append(char(n >> 8));
        f.append(char(n & 0xff));
    } else {
        f.append(char(0x80 | 127));
        for (int s = 56; s >= 0; s -= 8)
            f.append(char((n >> s) & 0xff));
    }
    const char mask[4]
        = {char(maskKey >> 24), char(maskKey >> 16), char(maskKey >> 8), char(maskKey)};
    f.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        f.append(char(payload[i] ^ mask[i & 3]));
    return f;
}

struct Decoded
{
    QList<WebSocket::Event> events;
    qsizetype maxBuffered = 0;
};

//! Decodes \a stream handed over in chunks of \a chunk bytes (0: all at once).
inline Decoded decodeAll(QByteArrayView stream, qint64 limit, qsizetype chunk)
{
    Decoded out;
    WebSocket::FrameDecoder decoder(limit);
    const qsizetype step = chunk <= 0 ? std::max<qsizetype>(1, stream.size()) : chunk;
    for (qsizetype at = 0; at < stream.size(); at += step) {
        decoder.append(stream.sliced(at, std::min(step, stream.size() - at)));
        for (;;) {
            WebSocket::Event e = decoder.next();
            if (e.kind == WebSocket::Event::None)
                break;
            out.events.append(e);
        }
        out.maxBuffered = std::max(out.maxBuffered, decoder.bufferedBytes());
        if (decoder.failed())
            break;
    }
    return out;
}

//! Empty when every property holds, else what broke.
inline QString checkWebSocketInput(QByteArrayView input)
{
    if (input.size() < 2)
        return {};
    const qint64 limit = 16 + qint64(quint8(input[0])) * 257; // 16 … 65,551 bytes
    const qsizetype chunk = quint8(input[1]) % 17; // 0 = whole, else 1 … 16 bytes
    const QByteArrayView stream = input.sliced(2);

    const Decoded whole = decodeAll(stream, limit, 0);
    const Decoded pieces = decodeAll(stream, limit, chunk);
    // 1. Chunking never changes the result.
    if (whole.events.size() != pieces.events.size())
        return QStringLiteral("event count depends on chunking");
    for (qsizetype i = 0; i < whole.events.size(); ++i) {
        const auto &a = whole.events.at(i);
        const auto &b = pieces.events.at(i);
        if (a.kind != b.kind || a.payload != b.payload || a.code != b.code)
            return QStringLiteral("event %1 depends on chunking").arg(i);
    }
    for (qsizetype i = 0; i < whole.events.size(); ++i) {
        const auto &e = whole.events.at(i);
        // 2. An error is the last event.
        if (e.kind == WebSocket::Event::Error && i != whole.events.size() - 1)
            return QStringLiteral("events after an error");
        if (e.kind == WebSocket::Event::Error
            && (e.code < 1000 || e.error.isEmpty() || !WebSocket::isValidCloseCode(e.code)))
            return QStringLiteral("error without a valid close code or reason");
        // 3. Limits: messages ≤ limit, control payloads ≤ 125 bytes.
        if ((e.kind == WebSocket::Event::Text || e.kind == WebSocket::Event::Binary)
            && e.payload.size() > limit)
            return QStringLiteral("message over the limit");
        if ((e.kind == WebSocket::Event::Ping || e.kind == WebSocket::Event::Pong
             || e.kind == WebSocket::Event::Close)
            && e.payload.size() > 125)
            return QStringLiteral("control payload over 125 bytes");
        // 4. Text is valid UTF-8 (checked against Qt's decoder) and round-trips as a frame.
        if (e.kind == WebSocket::Event::Text) {
            if (QString::fromUtf8(e.payload).toUtf8() != e.payload)
                return QStringLiteral("text message that is not UTF-8");
            const Decoded again = decodeAll(maskedFrame(0x81, e.payload, 0xa5c30f96u), limit, 0);
            if (again.events.size() != 1 || again.events.first().kind != WebSocket::Event::Text
                || again.events.first().payload != e.payload)
                return QStringLiteral("text message does not round-trip");
        }
    }
    // 5. Memory: at most one incomplete frame (a data frame up to the limit, or a control
    // frame up to 125 bytes whatever the limit) plus one message in progress, plus a chunk.
    if (pieces.maxBuffered > limit + std::max<qint64>(limit, 125) + 14 + 16)
        return QStringLiteral("decoder buffered %1 bytes").arg(pieces.maxBuffered);
    // 6. The upgrade parser: an accepted head has a target and a 16-byte key.
    const WebSocket::UpgradeRequest r = WebSocket::parseUpgrade(stream);
    if (r.status == 0) {
        const auto key = QByteArray::fromBase64Encoding(r.key);
        if (r.target.isEmpty() || key.decoded.size() != 16
            || WebSocket::switchingProtocols(r).isEmpty())
            return QStringLiteral("accepted an upgrade without target or key");
    } else if (r.error.isEmpty() || (r.status != 400 && r.status != 426 && r.status != 431)) {
        return QStringLiteral("refused an upgrade without a reason");
    }
    return {};
}

} // namespace SmartFixer::Fuzz
