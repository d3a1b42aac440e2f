#pragma once
// RawWsClient: a WebSocket client written against a bare QTcpSocket, so a test can send what
// QWebSocket never would (invalid UTF-8 in a text frame, raw opcodes) and can stop reading
// altogether (a slow reader).
#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

namespace SmartFixer::Test {

//! Polls \a done (called once per round, so it may have side effects) while the event loop
//! runs, until it returns true or \a timeoutMs pass.
template<typename F> bool pollUntil(F done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(5);
    }
    return true;
}

class RawWsClient
{
public:
    //! \a receiveBuffer > 0 limits what the socket takes from the kernel (slow reader).
    bool open(quint16 port, qint64 receiveBuffer = 0)
    {
        if (receiveBuffer > 0) {
            socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption,
                                   int(receiveBuffer));
        }
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!socket.waitForConnected(5000))
            return false;
        socket.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                     "Host: 127.0.0.1\r\n"
                     "Upgrade: websocket\r\n"
                     "Connection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n");
        QByteArray header;
        pollUntil([&] { return readHeader(&header); }, 5000);
        if (!header.startsWith("HTTP/1.1 101"))
            return false;
        if (receiveBuffer > 0)
            socket.setReadBufferSize(receiveBuffer);
        return true;
    }

    //! Sends one masked frame (FIN set) with \a opcode (1 text, 2 binary, 8 close).
    void sendFrame(quint8 opcode, const QByteArray &payload)
    {
        QByteArray frame;
        frame.append(char(0x80 | opcode));
        const qint64 n = payload.size();
        if (n < 126) {
            frame.append(char(0x80 | n));
        } else if (n < 65536) {
            frame.append(char(0x80 | 126));
            frame.append(char(n >> 8));
            frame.append(char(n & 0xff));
        } else {
            frame.append(char(0x80 | 127));
            for (int i = 7; i >= 0; --i)
                frame.append(char((quint64(n) >> (8 * i)) & 0xff));
        }
        const char mask[4] = {0x12, 0x34, 0x56, 0x78};
        frame.append(mask, 4);
        for (qint64 i = 0; i < n; ++i)
            frame.append(char(payload.at(i) ^ mask[i % 4]));
        socket.write(frame);
        socket.flush();
    }
    void sendText(const QByteArray &text) { sendFrame(1, text); }

    //! Reads the frames that have arrived (text payloads; pings answered automatically).
    QList<QByteArray> readFrames()
    {
        if (socket.isOpen())
            m_buffer += socket.readAll();
        QList<QByteArray> out;
        while (m_buffer.size() >= 2) {
            const quint8 opcode = quint8(m_buffer.at(0)) & 0x0f;
            qint64 len = quint8(m_buffer.at(1)) & 0x7f;
            int offset = 2;
            if (len == 126) {
                if (m_buffer.size() < 4)
                    break;
                len = (quint8(m_buffer.at(2)) << 8) | quint8(m_buffer.at(3));
                offset = 4;
            } else if (len == 127) {
                if (m_buffer.size() < 10)
                    break;
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | quint8(m_buffer.at(2 + i));
                offset = 10;
            }
            if (m_buffer.size() < offset + len)
                break;
            const QByteArray payload = m_buffer.mid(offset, len);
            m_buffer.remove(0, offset + len);
            if (opcode == 1) {
                if (payload == "2")
                    sendText("3"); // Engine.IO ping
                out.append(payload);
            } else if (opcode == 8) {
                closeFrameSeen = true;
            }
        }
        return out;
    }

    //! Waits for a text frame starting with \a prefix.
    QByteArray waitFor(const QByteArray &prefix, int timeoutMs = 5000)
    {
        QByteArray found;
        pollUntil([&] { return !(found = takeMatching(prefix)).isNull() || isClosed(); },
                  timeoutMs);
        return found;
    }

    //! Engine.IO open → Socket.IO CONNECT with \a token → true when accepted.
    bool handshake(const QString &token)
    {
        if (waitFor("0{").isNull())
            return false;
        sendText("40{\"token\":\"" + token.toLatin1() + "\"}");
        return waitFor("40").startsWith("40{\"sid\"");
    }

    bool isClosed() const
    {
        return closeFrameSeen || socket.state() == QAbstractSocket::UnconnectedState;
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        return pollUntil(
            [&] {
                m_pending += readFrames();
                return isClosed();
            },
            timeoutMs);
    }

    QTcpSocket socket;
    bool closeFrameSeen = false;

private:
    bool readHeader(QByteArray *header)
    {
        m_buffer += socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        *header = m_buffer.left(end);
        m_buffer.remove(0, end + 4);
        return true;
    }
    QByteArray takeMatching(const QByteArray &prefix)
    {
        m_pending += readFrames();
        for (qsizetype i = 0; i < m_pending.size(); ++i) {
            if (m_pending.at(i).startsWith(prefix))
                return m_pending.takeAt(i);
        }
        return QByteArray();
    }

    QByteArray m_buffer;
    QList<QByteArray> m_pending;
};

} // namespace SmartFixer::Test
