#include "wslink.h"

#include <QMetaObject>
#include <QSslSocket>
#include <QTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace SmartFixer {

namespace {
// One read buffer for every link of the thread: a connection owns no read buffer at all.
constexpr size_t ReadChunk = 64 * 1024; // bytes
// Reads per readiness event, so one busy peer cannot keep the event loop to itself.
constexpr int MaxReadsPerEvent = 4;
} // namespace

WsLink::WsLink(int fd, qint64 maxMessageBytes, Handler *handler, void *context,
               QObject *notifierParent, QByteArrayView initial)
    : m_fd(fd), m_handler(handler), m_context(context), m_parent(notifierParent),
      m_decoder(maxMessageBytes)
{
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0) {
        m_peer.setAddress(reinterpret_cast<const sockaddr *>(&addr));
        if (addr.ss_family == AF_INET)
            m_peerPort = ntohs(reinterpret_cast<const sockaddr_in *>(&addr)->sin_port);
        else if (addr.ss_family == AF_INET6)
            m_peerPort = ntohs(reinterpret_cast<const sockaddr_in6 *>(&addr)->sin6_port);
    }
    m_decoder.append(initial);
    m_read = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, notifierParent);
    QObject::connect(m_read, &QSocketNotifier::activated, m_read, [this] { onReadable(); });
    if (!initial.isEmpty()) {
        // Decode what came with the upgrade request from the event loop, after the caller
        // has sent its 101 and open packet.
        QMetaObject::invokeMethod(
            m_read, [this] { onReadable(); }, Qt::QueuedConnection);
    }
}

WsLink::WsLink(QTcpSocket *stream, qint64 maxMessageBytes, Handler *handler, void *context,
               QObject *notifierParent, QByteArrayView initial)
    : m_fd(-1), m_handler(handler), m_context(context), m_parent(notifierParent),
      m_decoder(maxMessageBytes), m_stream(stream), m_anchor(new QObject)
{
    m_peer = stream->peerAddress();
    m_peerPort = stream->peerPort();
    stream->setParent(nullptr);
    m_decoder.append(initial);
    QObject::connect(stream, &QIODevice::readyRead, m_anchor, [this] { onStreamReadable(); });
    QObject::connect(stream, &QAbstractSocket::disconnected, m_anchor, [this] {
        if (m_state != State::Closed)
            finish();
    });
    // Decode what came with the upgrade request (and what the TLS layer holds already) from
    // the event loop, after the caller has sent its 101 and open packet.
    QMetaObject::invokeMethod(
        m_anchor, [this] { onStreamReadable(); }, Qt::QueuedConnection);
}

WsLink::~WsLink()
{
    delete m_read;
    delete m_write;
    delete m_anchor;
    if (m_fd >= 0)
        ::close(m_fd);
    if (QTcpSocket *s = m_stream.data()) {
        // We may be inside one of its signals: delete it from the event loop, once what is
        // queued (a close frame) is out, or after 5 s for a peer that reads nothing.
        if (s->state() == QAbstractSocket::UnconnectedState) {
            s->deleteLater();
        } else {
            QObject::connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
            QTimer::singleShot(5000, s, [s] {
                s->abort();
                s->deleteLater();
            });
            s->disconnectFromHost();
        }
    }
}

QObject *WsLink::anchor() const
{
    return m_anchor ? m_anchor : static_cast<QObject *>(m_read);
}

qint64 WsLink::bytesToWrite() const
{
    if (m_stream) {
        const auto *ssl = qobject_cast<const QSslSocket *>(m_stream.data());
        return m_stream->bytesToWrite() + (ssl ? ssl->encryptedBytesToWrite() : 0);
    }
    return m_out.size() - m_outPos;
}

bool WsLink::decodeBuffered()
{
    for (;;) {
        const WebSocket::Event event = m_decoder.next();
        if (event.kind == WebSocket::Event::None)
            return true;
        handleEvent(event);
        if (m_state == State::Closed)
            return false;
        if (event.kind == WebSocket::Event::Error)
            return true;
    }
}

void WsLink::onStreamReadable()
{
    if (m_state == State::Closed || !m_stream)
        return;
    if (!decodeBuffered())
        return;
    static thread_local char buffer[ReadChunk];
    // The TLS layer has decrypted everything it read already; take it all (the decoder keeps
    // only incomplete frames, and refuses frames over maxMessageBytes from their header).
    for (;;) {
        const qint64 n = m_stream->read(buffer, qint64(sizeof buffer));
        if (n <= 0)
            return;
        if (m_decoder.failed())
            continue; // after a protocol error: discard until the peer's FIN
        m_decoder.append(QByteArrayView(buffer, n));
        if (!decodeBuffered())
            return;
    }
}

void WsLink::send(const QByteArray &frame)
{
    if (m_state != State::Open || frame.isEmpty())
        return;
    if (m_stream) {
        m_stream->write(frame); // QSslSocket encrypts and queues; bytesToWrite() sees the queue
        return;
    }
    if (m_corked || bytesToWrite() != 0) {
        m_out.append(frame);
        return; // uncork() sends it, or the write notifier is on
    }
    ssize_t sent = -1;
    do {
        sent = ::send(m_fd, frame.constData(), size_t(frame.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    sendDone(frame, sent, sent < 0 ? errno : 0);
}

int WsLink::directFd() const
{
    return m_state == State::Open && !m_stream && !m_corked && bytesToWrite() == 0 ? m_fd : -1;
}

void WsLink::cork()
{
    if (m_state != State::Closed && !m_stream && bytesToWrite() == 0)
        m_corked = true;
}

void WsLink::uncork()
{
    if (!m_corked)
        return;
    m_corked = false;
    if (m_state == State::Closed || bytesToWrite() == 0)
        return;
    const QByteArray pending = std::exchange(m_out, QByteArray());
    m_outPos = 0;
    ssize_t sent = -1;
    do {
        sent = ::send(m_fd, pending.constData(), size_t(pending.size()),
                      MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    sendDone(pending, sent, sent < 0 ? errno : 0);
    if (m_shutdownWhenFlushed && bytesToWrite() == 0) { // close() after a protocol error
        m_shutdownWhenFlushed = false;
        ::shutdown(m_fd, SHUT_WR);
    }
}

void WsLink::sendDone(const QByteArray &frame, qint64 sent, int error)
{
    if (sent == frame.size())
        return;
    if (sent < 0 && error != EAGAIN && error != EWOULDBLOCK) {
        failLater(); // the peer is gone; not now, we may be inside a fan-out loop
        return;
    }
    const qsizetype done = sent > 0 ? qsizetype(sent) : 0;
    m_out = QByteArray();
    m_outPos = 0;
    m_out.append(frame.constData() + done, frame.size() - done);
    setWriteNotifier(true);
}

void WsLink::close(quint16 code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    send(WebSocket::encodeClose(code, reason));
    m_state = State::Closing;
    if (m_decoder.failed()) {
        // We can no longer read the peer's close frame: end our side now.
        if (m_stream)
            m_stream->disconnectFromHost(); // TLS has no half-close: close once written
        else if (bytesToWrite() == 0)
            ::shutdown(m_fd, SHUT_WR);
        else
            m_shutdownWhenFlushed = true;
    }
}

void WsLink::abort()
{
    if (m_state == State::Closed)
        return;
    if (QTcpSocket *s = m_stream.data()) {
        QObject::disconnect(s, nullptr, m_anchor, nullptr);
        s->abort(); // now, with whatever is queued (a slow reader's backlog)
    }
    finish();
}

void WsLink::failLater()
{
    QMetaObject::invokeMethod(
        anchor(),
        [this] {
            if (m_state != State::Closed)
                finish();
        },
        Qt::QueuedConnection);
}

void WsLink::finish()
{
    // Disable before close(): the dispatcher must drop the descriptor while it is still valid.
    if (m_read)
        m_read->setEnabled(false);
    if (m_write)
        m_write->setEnabled(false);
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (QTcpSocket *s = m_stream.data()) {
        // Gracefully: a close frame we just queued still goes out.
        QObject::disconnect(s, nullptr, m_anchor, nullptr);
        s->disconnectFromHost();
    }
    m_state = State::Closed;
    m_out = QByteArray();
    m_outPos = 0;
    m_handler->wsClosed(this);
}

void WsLink::setWriteNotifier(bool on)
{
    if (on) {
        if (!m_write) {
            m_write = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, m_parent);
            QObject::connect(m_write, &QSocketNotifier::activated, m_write,
                             [this] { onWritable(); });
        }
        m_write->setEnabled(true);
    } else if (m_write) {
        // Released, not kept: most connections never need one again.
        m_write->setEnabled(false);
        m_write->deleteLater();
        m_write = nullptr;
    }
}

void WsLink::onWritable()
{
    if (m_state == State::Closed)
        return;
    while (bytesToWrite() > 0) {
        const ssize_t sent = ::send(m_fd, m_out.constData() + m_outPos, size_t(bytesToWrite()),
                                    MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent > 0) {
            m_outPos += sent;
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return; // still full: wait for the next notification
        finish();
        return;
    }
    m_out = QByteArray(); // release the buffer
    m_outPos = 0;
    setWriteNotifier(false);
    if (m_shutdownWhenFlushed) {
        m_shutdownWhenFlushed = false;
        ::shutdown(m_fd, SHUT_WR);
    }
}

void WsLink::onReadable()
{
    if (m_state == State::Closed)
        return;
    static thread_local char buffer[ReadChunk];
    // Bytes that came with the upgrade request are decoded first.
    for (;;) {
        const WebSocket::Event event = m_decoder.next();
        if (event.kind == WebSocket::Event::None)
            break;
        handleEvent(event);
        if (m_state == State::Closed || event.kind == WebSocket::Event::Error)
            return;
    }
    for (int round = 0; round < MaxReadsPerEvent; ++round) {
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            if (m_decoder.failed())
                continue; // after a protocol error: discard until the peer's FIN
            m_decoder.append(QByteArrayView(buffer, n));
            for (;;) {
                const WebSocket::Event event = m_decoder.next();
                if (event.kind == WebSocket::Event::None)
                    break;
                handleEvent(event);
                if (m_state == State::Closed)
                    return;
                if (event.kind == WebSocket::Event::Error)
                    break;
            }
            if (size_t(n) < sizeof buffer)
                return;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        finish(); // 0: the peer ended the stream; < 0: reset
        return;
    }
}

void WsLink::handleEvent(const WebSocket::Event &event)
{
    using E = WebSocket::Event;
    switch (event.kind) {
    case E::None:
        break;
    case E::Text:
    case E::Binary:
        if (m_state == State::Open)
            m_handler->wsEvent(this, event);
        break;
    case E::Ping:
        if (m_state == State::Open)
            send(WebSocket::encodeFrame(WebSocket::Opcode::Pong, event.payload));
        break;
    case E::Pong:
        break; // we never ping at the WebSocket level (Engine.IO pings instead)
    case E::Close:
        if (m_state == State::Open) {
            // Echo the code (RFC 6455 §5.5.1), then close the TCP connection: the server
            // closes first.
            send(WebSocket::encodeClose(event.code == WebSocket::CloseCode::NoStatus
                                            ? WebSocket::CloseCode::Normal
                                            : event.code,
                                        QString()));
        }
        finish();
        break;
    case E::Error:
        if (m_state == State::Open) {
            m_handler->wsEvent(this, event);
            if (m_state == State::Open)
                close(event.code, event.error);
        }
        break;
    }
}

} // namespace SmartFixer
