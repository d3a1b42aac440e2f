#pragma once
// WebSocket (RFC 6455) framing for the server side, as pure functions and one incremental
// decoder: bytes in, messages out, no sockets. The transport (engine/server/wslink.h) runs it
// over the TCP socket that the HTTP upgrade hands over, so a connection costs a few hundred
// bytes instead of a QWebSocket; being pure, it is fuzzed (tests/fuzz/fuzz_websocket.cpp).
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>

namespace SmartFixer::WebSocket {

enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xa,
};

//! Close codes of RFC 6455 §7.4.1 that the server sends.
namespace CloseCode {
constexpr quint16 Normal = 1000;
constexpr quint16 GoingAway = 1001;
constexpr quint16 ProtocolError = 1002;
constexpr quint16 UnsupportedData = 1003; //!< e.g. a binary frame where text is expected
constexpr quint16 NoStatus = 1005; //!< never sent: a close frame without a code
constexpr quint16 Abnormal = 1006; //!< never sent: the TCP connection ended without a close
constexpr quint16 InvalidPayload = 1007; //!< text that is not UTF-8
constexpr quint16 PolicyViolation = 1008;
constexpr quint16 TooBig = 1009;
} // namespace CloseCode

//! Sec-WebSocket-Accept for a client's Sec-WebSocket-Key (RFC 6455 §4.2.2).
QByteArray acceptKey(QByteArrayView secWebSocketKey);

//! One unmasked frame with FIN set, as a server sends it.
QByteArray encodeFrame(Opcode opcode, QByteArrayView payload);
//! A close frame: the code, then the reason cut to fit a control frame (125 bytes) on a
//! UTF-8 character boundary.
QByteArray encodeClose(quint16 code, const QString &reason);

//! True for a close code a peer may send (RFC 6455 §7.4): 1000–1003, 1007–1011, 3000–4999.
bool isValidCloseCode(quint16 code);

//! Incremental UTF-8 validation (RFC 3629: no overlong forms, no surrogates, ≤ U+10FFFF), so
//! a text message split over frames is checked as it arrives.
class Utf8Validator
{
public:
    //! false as soon as the bytes so far cannot start valid UTF-8.
    bool feed(const char *data, qsizetype size);
    //! No character is cut off at the end.
    bool complete() const { return m_state == 0; }
    void reset() { m_state = 0; }

private:
    quint8 m_state = 0;
};

//! What FrameDecoder::feed() found, one at a time.
struct Event
{
    enum Kind : quint8 { None, Text, Binary, Ping, Pong, Close, Error };
    Kind kind = None;
    //! Text/Binary: the whole message (UTF-8 for Text, already validated); Ping/Pong: the
    //! payload; Close: the reason.
    QByteArray payload;
    //! Close: the peer's code (NoStatus when it gave none); Error: the code to close with.
    quint16 code = 0;
    //! Error: what was wrong, for the log.
    QString error;
};

//! Decodes the client → server byte stream of RFC 6455 §5 and enforces what a server must:
//! frames masked, no reserved bits (no extensions are negotiated), known opcodes only, control
//! frames ≤ 125 bytes and never fragmented, continuation only inside a fragmented message and a
//! new message only outside one, 64-bit lengths with the top bit clear, text valid UTF-8 across
//! fragments, close payloads well-formed. A message over the limit is refused from its header,
//! before its payload is buffered. After an Error nothing more is decoded.
//! Memory: nothing is kept between complete frames (idle connections hold no buffer).
class FrameDecoder
{
public:
    explicit FrameDecoder(qint64 maxMessageBytes = 64 * 1024) : m_max(maxMessageBytes) { }

    //! Adds received bytes; call next() until it returns None.
    void append(QByteArrayView bytes);
    //! The next complete event, or None when more bytes are needed. Error is final.
    Event next();
    bool failed() const { return m_failed; }
    //! Bytes held for an incomplete frame or message (for tests of the memory rule).
    qsizetype bufferedBytes() const { return m_in.size() - m_pos + m_message.size(); }

private:
    Event fail(quint16 code, const QString &why);
    QByteArray m_in; //!< received, not yet decoded
    qsizetype m_pos = 0; //!< decoded up to here in m_in
    QByteArray m_message; //!< fragments of the message in progress
    Utf8Validator m_utf8;
    qint64 m_max;
    Opcode m_messageOpcode = Opcode::Continuation; //!< Continuation: no message in progress
    bool m_failed = false;
};

//! A parsed opening handshake request (RFC 6455 §4.2.1).
struct UpgradeRequest
{
    int status = 0; //!< 0: a valid WebSocket upgrade; else the HTTP status to refuse with
    QString error; //!< why, for the JSON body and the log
    QByteArray target; //!< request target, e.g. /socket.io/?EIO=4&transport=websocket
    QByteArray key; //!< Sec-WebSocket-Key
};

//! Longest request head accepted for an upgrade, bytes.
constexpr qsizetype MaxHeadBytes = 8 * 1024;

//! Parses a complete request head (up to and including the blank line): GET, HTTP/1.1,
//! Upgrade: websocket, Connection: upgrade, Sec-WebSocket-Version: 13 (else 426) and a
//! Sec-WebSocket-Key of 16 bytes in base64.
UpgradeRequest parseUpgrade(QByteArrayView head);

//! The 101 answer for a valid request.
QByteArray switchingProtocols(const UpgradeRequest &request);

} // namespace SmartFixer::WebSocket
