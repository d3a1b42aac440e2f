#pragma once
// WsLink: one server-side WebSocket connection on a bare socket descriptor, after the HTTP
// upgrade (WsUpgrade) took it from the HTTP server. It replaces QWebSocket + QTcpSocket on the
// transport path: one read notifier, a write notifier and an output buffer only while the
// kernel's send buffer is full, and the decoder holds bytes only for incomplete frames, so an
// idle connection costs a few hundred bytes (QWebSocket: ~15 KiB, tests/benchmarks/README.md).
#include "protocol/websocket.h"

#include <QByteArray>
#include <QHostAddress>
#include <QPointer>
#include <QSocketNotifier>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace SmartFixer {

class WsLink
{
public:
    //! Gets what the link reads; implemented by the transport (SioServer).
    class Handler
    {
    public:
        //! A Text or Binary message, or an Error (the link is then closed by the handler).
        virtual void wsEvent(WsLink *link, const WebSocket::Event &event) = 0;
        //! The connection is gone (closed by either side or aborted). Called once; the link
        //! may be deleted from then on.
        virtual void wsClosed(WsLink *link) = 0;

    protected:
        ~Handler() = default;
    };

    enum class State : quint8 {
        Open,
        Closing, //!< our close frame is sent; waiting for the peer's close or its FIN
        Closed, //!< descriptor closed
    };

    //! Takes ownership of \a fd (connected, non-blocking). Notifiers are children of
    //! \a notifierParent. \a initial: bytes that arrived with the upgrade request.
    WsLink(int fd, qint64 maxMessageBytes, Handler *handler, void *context, QObject *notifierParent,
           QByteArrayView initial = {});
    //! Over an encrypted stream instead of a descriptor (TLS: the bytes on the wire are not
    //! the frames, so the link reads and writes through the QSslSocket). Takes ownership of
    //! \a stream, whose other signal connections the caller has dropped.
    WsLink(QTcpSocket *stream, qint64 maxMessageBytes, Handler *handler, void *context,
           QObject *notifierParent, QByteArrayView initial = {});
    ~WsLink(); // closes the descriptor; no callback
    WsLink(const WsLink &) = delete;
    WsLink &operator=(const WsLink &) = delete;

    void *context() const { return m_context; }
    State state() const { return m_state; }
    QHostAddress peerAddress() const { return m_peer; }
    quint16 peerPort() const { return m_peerPort; }

    //! Writes a prebuilt frame (WebSocket::encodeFrame): straight to the kernel when nothing
    //! is queued, else queued. Ignored unless Open.
    void send(const QByteArray &frame);
    //! Bytes queued in user space (the kernel's send buffer was full, or corked).
    qint64 bytesToWrite() const;
    //! From now on send() only collects, until uncork() writes it all with one send(): the
    //! frames of one step (the 101 and the Engine.IO open; 40{"sid"…} and the snapshot) leave
    //! as one TCP segment instead of several. No-op over TLS or while bytes are queued.
    void cork();
    void uncork();
    //! For a send() made elsewhere (SioServer's send workers, another thread): the descriptor
    //! when a frame may go straight to it now (open, not TLS, nothing queued), else -1. The
    //! result must be handed to sendDone() before anything else is sent on this link.
    int directFd() const;
    //! Completes a send() of \a frame on directFd(): \a sent is what send() returned and
    //! \a error its errno; queues what the kernel did not take, or fails the link.
    void sendDone(const QByteArray &frame, qint64 sent, int error);
    //! Sends a close frame and waits for the peer's (RFC 6455 §7.1.2); after a protocol error
    //! (the decoder failed) it also ends our side of the TCP stream, so a peer that cannot be
    //! understood any more sees the end at once.
    void close(quint16 code, const QString &reason);
    //! Closes the descriptor now; wsClosed() is called (synchronously).
    void abort();

private:
    void onReadable();
    void onWritable();
    void handleEvent(const WebSocket::Event &event);
    void finish();
    void setWriteNotifier(bool on);
    void failLater();
    void onStreamReadable();
    bool decodeBuffered(); // false when the link closed meanwhile
    QObject *anchor() const;

    int m_fd;
    Handler *m_handler;
    void *m_context;
    QObject *m_parent;
    WebSocket::FrameDecoder m_decoder;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr; //!< only while m_out holds bytes
    QByteArray m_out; //!< unsent bytes; released once drained
    qsizetype m_outPos = 0;
    QHostAddress m_peer;
    quint16 m_peerPort = 0;
    State m_state = State::Open;
    bool m_shutdownWhenFlushed = false;
    bool m_corked = false;
    //! Stream mode (TLS): the socket, and the context object of its connections (deleting it
    //! drops them, and any queued call into this link).
    QPointer<QTcpSocket> m_stream;
    QObject *m_anchor = nullptr;
};

} // namespace SmartFixer
