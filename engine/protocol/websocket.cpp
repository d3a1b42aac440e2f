#include "websocket.h"

#include <QCryptographicHash>
#include <QList>

#include <algorithm>

namespace SmartFixer::WebSocket {

QByteArray acceptKey(QByteArrayView secWebSocketKey)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(secWebSocketKey);
    sha1.addData(QByteArrayView("258EAFA5-E914-47DA-95CA-C5AB0DC85B11")); // RFC 6455 §1.3
    return sha1.result().toBase64();
}

QByteArray encodeFrame(Opcode opcode, QByteArrayView payload)
{
    const auto size = static_cast<quint64>(payload.size());
    QByteArray frame;
    frame.reserve(payload.size() + 10);
    frame.append(char(0x80 | quint8(opcode))); // FIN
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xffff) {
        frame.append(char(126));
        frame.append(char(size >> 8));
        frame.append(char(size & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((size >> shift) & 0xff));
    }
    frame.append(payload.data(), payload.size());
    return frame;
}

QByteArray encodeClose(quint16 code, const QString &reason)
{
    QByteArray payload;
    payload.append(char(code >> 8));
    payload.append(char(code & 0xff));
    QByteArray text = reason.toUtf8();
    if (text.size() > 123) {
        qsizetype cut = 123;
        while (cut > 0 && (quint8(text.at(cut)) & 0xc0) == 0x80)
            --cut; // do not split a character
        text.truncate(cut);
    }
    payload.append(text);
    return encodeFrame(Opcode::Close, payload);
}

bool isValidCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011)
        || (code >= 3000 && code <= 4999);
}

bool Utf8Validator::feed(const char *data, qsizetype size)
{
    // States: 0 accept; 1/2/3 that many continuation bytes (80–BF) to come; 4 after E0 (next
    // A0–BF, no overlong); 5 after ED (next 80–9F, no surrogate); 6 after F0 (next 90–BF);
    // 7 after F4 (next 80–8F, ≤ U+10FFFF).
    quint8 state = m_state;
    for (qsizetype i = 0; i < size; ++i) {
        const auto b = static_cast<quint8>(data[i]);
        if (state == 0) {
            if (b < 0x80)
                continue;
            if (b >= 0xc2 && b <= 0xdf)
                state = 1;
            else if (b == 0xe0)
                state = 4;
            else if (b == 0xed)
                state = 5;
            else if (b >= 0xe1 && b <= 0xef)
                state = 2;
            else if (b == 0xf0)
                state = 6;
            else if (b >= 0xf1 && b <= 0xf3)
                state = 3;
            else if (b == 0xf4)
                state = 7;
            else
                return false; // 80–C1 (continuation or overlong lead), F5–FF
            continue;
        }
        quint8 lo = 0x80, hi = 0xbf;
        if (state == 4)
            lo = 0xa0;
        else if (state == 5)
            hi = 0x9f;
        else if (state == 6)
            lo = 0x90;
        else if (state == 7)
            hi = 0x8f;
        if (b < lo || b > hi)
            return false;
        switch (state) {
        case 1:
            state = 0;
            break;
        case 2:
        case 4:
        case 5:
            state = 1;
            break;
        default: // 3, 6, 7
            state = 2;
            break;
        }
    }
    m_state = state;
    return true;
}

void FrameDecoder::append(QByteArrayView bytes)
{
    if (m_failed || bytes.isEmpty())
        return;
    m_in.append(bytes.data(), bytes.size());
}

Event FrameDecoder::fail(quint16 code, const QString &why)
{
    m_failed = true;
    m_in = QByteArray();
    m_pos = 0;
    m_message = QByteArray();
    Event e;
    e.kind = Event::Error;
    e.code = code;
    e.error = why;
    return e;
}

Event FrameDecoder::next()
{
    if (m_failed)
        return {};
    for (;;) {
        const qsizetype avail = m_in.size() - m_pos;
        const auto *p = reinterpret_cast<const quint8 *>(m_in.constData() + m_pos);
        if (avail < 2)
            break;
        const bool fin = p[0] & 0x80;
        const auto op = static_cast<quint8>(p[0] & 0x0f);
        if (p[0] & 0x70)
            return fail(CloseCode::ProtocolError, QStringLiteral("reserved bits set"));
        if (op > 0xa || (op > 0x2 && op < 0x8))
            return fail(CloseCode::ProtocolError, QStringLiteral("unknown opcode"));
        if (!(p[1] & 0x80))
            return fail(CloseCode::ProtocolError, QStringLiteral("unmasked client frame"));
        const bool control = op & 0x8;
        const quint8 len7 = p[1] & 0x7f;
        if (control && !fin)
            return fail(CloseCode::ProtocolError, QStringLiteral("fragmented control frame"));
        if (control && len7 > 125)
            return fail(CloseCode::ProtocolError, QStringLiteral("control frame over 125 bytes"));
        qsizetype header = 2;
        quint64 len = len7;
        if (len7 == 126) {
            if (avail < 4)
                break;
            len = (quint64(p[2]) << 8) | p[3];
            header = 4;
        } else if (len7 == 127) {
            if (avail < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; ++i)
                len = (len << 8) | p[2 + i];
            header = 10;
            if (len >> 63)
                return fail(CloseCode::ProtocolError,
                            QStringLiteral("64-bit length with the top bit set"));
        }
        if (!control) {
            if (op == 0 && m_messageOpcode == Opcode::Continuation)
                return fail(CloseCode::ProtocolError,
                            QStringLiteral("continuation frame without a message"));
            if (op != 0 && m_messageOpcode != Opcode::Continuation)
                return fail(CloseCode::ProtocolError,
                            QStringLiteral("new message inside a fragmented one"));
            // Refused from the header: the payload is never buffered.
            if (len > quint64(m_max) || quint64(m_message.size()) + len > quint64(m_max))
                return fail(CloseCode::TooBig, QStringLiteral("message over %1 bytes").arg(m_max));
        }
        if (quint64(avail - header) < 4 + len)
            break; // wait for the rest (≤ m_max + 14 bytes)
        const quint8 *mask = p + header;
        QByteArray payload(reinterpret_cast<const char *>(mask + 4), qsizetype(len));
        char *d = payload.data();
        for (qsizetype i = 0; i < qsizetype(len); ++i)
            d[i] = char(d[i] ^ mask[i & 3]);
        m_pos += header + 4 + qsizetype(len);

        if (control) {
            Event e;
            e.payload = payload;
            if (op == quint8(Opcode::Ping)) {
                e.kind = Event::Ping;
            } else if (op == quint8(Opcode::Pong)) {
                e.kind = Event::Pong;
            } else {
                e.kind = Event::Close;
                e.code = CloseCode::NoStatus;
                if (len == 1)
                    return fail(CloseCode::ProtocolError, QStringLiteral("close frame of 1 byte"));
                if (len >= 2) {
                    e.code = quint16((quint8(d[0]) << 8) | quint8(d[1]));
                    if (!isValidCloseCode(e.code))
                        return fail(CloseCode::ProtocolError,
                                    QStringLiteral("invalid close code %1").arg(e.code));
                    e.payload = payload.mid(2);
                    Utf8Validator reason;
                    if (!reason.feed(e.payload.constData(), e.payload.size()) || !reason.complete())
                        return fail(CloseCode::InvalidPayload,
                                    QStringLiteral("close reason is not UTF-8"));
                }
            }
            if (m_pos == m_in.size()) {
                m_in = QByteArray();
                m_pos = 0;
            }
            return e;
        }
        if (op != 0) {
            m_messageOpcode = static_cast<Opcode>(op);
            m_utf8.reset();
        }
        if (m_messageOpcode == Opcode::Text && !m_utf8.feed(payload.constData(), payload.size()))
            return fail(CloseCode::InvalidPayload, QStringLiteral("invalid UTF-8"));
        if (!fin) {
            m_message.append(payload);
            continue;
        }
        if (m_messageOpcode == Opcode::Text && !m_utf8.complete())
            return fail(CloseCode::InvalidPayload, QStringLiteral("invalid UTF-8"));
        Event e;
        e.kind = m_messageOpcode == Opcode::Text ? Event::Text : Event::Binary;
        if (m_message.isEmpty()) {
            e.payload = payload;
        } else {
            m_message.append(payload);
            e.payload = m_message;
            m_message = QByteArray(); // release: idle connections keep no buffer
        }
        m_messageOpcode = Opcode::Continuation;
        if (m_pos == m_in.size()) {
            m_in = QByteArray();
            m_pos = 0;
        }
        return e;
    }
    // Incomplete: keep only the undecoded tail.
    if (m_pos == m_in.size()) {
        m_in = QByteArray();
        m_pos = 0;
    } else if (m_pos > 0) {
        m_in.remove(0, m_pos);
        m_pos = 0;
    }
    return {};
}

namespace {

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    const QList<QByteArray> parts = QByteArray(list.data(), list.size()).split(',');
    for (const QByteArray &part : parts) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

UpgradeRequest refuse(int status, const QString &why)
{
    UpgradeRequest r;
    r.status = status;
    r.error = why;
    return r;
}

} // namespace

UpgradeRequest parseUpgrade(QByteArrayView head)
{
    if (head.size() > MaxHeadBytes + 4)
        return refuse(431, QStringLiteral("request head over %1 bytes").arg(MaxHeadBytes));
    const QList<QByteArray> lines = QByteArray(head.data(), head.size()).split('\n');
    if (lines.isEmpty())
        return refuse(400, QStringLiteral("empty request"));
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    // An empty target ("GET  HTTP/1.1", found by fuzz_websocket) is no origin-form target.
    if (requestLine.size() != 3 || requestLine.at(0) != "GET" || !requestLine.at(1).startsWith('/')
        || !requestLine.at(2).startsWith("HTTP/1.1"))
        return refuse(400, QStringLiteral("malformed request line"));
    UpgradeRequest r;
    r.target = requestLine.at(1);
    QByteArray upgrade, connection, version, key;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return refuse(400, QStringLiteral("malformed header line"));
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "upgrade")
            upgrade = value;
        else if (name == "connection")
            connection = value;
        else if (name == "sec-websocket-version")
            version = value;
        else if (name == "sec-websocket-key")
            key = value;
    }
    if (!hasToken(upgrade, "websocket"))
        return refuse(400, QStringLiteral("only the websocket transport is supported"));
    if (!hasToken(connection, "upgrade"))
        return refuse(400, QStringLiteral("WebSocket upgrade without Connection: Upgrade"));
    if (version != "13")
        return refuse(426, QStringLiteral("only WebSocket version 13 is supported"));
    const auto decoded
        = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 16)
        return refuse(400, QStringLiteral("invalid Sec-WebSocket-Key"));
    r.key = key;
    return r;
}

QByteArray switchingProtocols(const UpgradeRequest &request)
{
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: "
        + WebSocket::acceptKey(request.key) + "\r\n\r\n";
}

} // namespace SmartFixer::WebSocket
