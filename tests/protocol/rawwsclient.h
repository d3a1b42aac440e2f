#pragma once
// RawWsClient: a deliberately minimal WebSocket client on a bare QTcpSocket, for the tests
// that need what QWebSocket refuses to send (invalid UTF-8 in a text frame) or a peer that
// stops reading. It answers Engine.IO pings ("2") with pongs unless told not to.
#include <QByteArray>
#include <QRandomGenerator>
#include <QStringList>
#include <QTcpSocket>
#include <QtEndian>

namespace SmartFixer::Test {

class RawWsClient
{
public:
    RawWsClient()
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { onReadyRead(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { closed = true; });
    }

    void open(quint16 port, const QByteArray &target = "/socket.io/?EIO=4&transport=websocket")
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        QByteArray key(16, '\0');
        for (char &c : key)
            c = static_cast<char>(QRandomGenerator::global()->bounded(256));
        socket.write("GET " + target
                     + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                     + key.toBase64() + "\r\n\r\n");
    }

    void sendFrame(quint8 opcode, const QByteArray &payload)
    {
        QByteArray frame;
        frame.append(static_cast<char>(0x80 | opcode));
        const qsizetype n = payload.size();
        if (n < 126) {
            frame.append(static_cast<char>(0x80 | n));
        } else if (n < 65536) {
            frame.append(static_cast<char>(0x80 | 126));
            char len[2];
            qToBigEndian<quint16>(static_cast<quint16>(n), len);
            frame.append(len, 2);
        } else {
            frame.append(static_cast<char>(0x80 | 127));
            char len[8];
            qToBigEndian<quint64>(static_cast<quint64>(n), len);
            frame.append(len, 8);
        }
        const quint32 maskValue = QRandomGenerator::global()->generate();
        char mask[4];
        qToBigEndian(maskValue, mask);
        frame.append(mask, 4);
        for (qsizetype i = 0; i < n; ++i)
            frame.append(static_cast<char>(payload[i] ^ mask[i % 4]));
        socket.write(frame);
    }
    void sendText(const QByteArray &utf8) { sendFrame(0x1, utf8); }

    QTcpSocket socket;
    bool upgraded = false;
    bool closed = false;
    bool autoPong = true;
    bool reading = true; //!< false: leave the data in the kernel (a slow reader)
    QList<QByteArray> texts;

    //! Reads again after \c reading was false (what piled up in the socket first).
    void resume()
    {
        reading = true;
        onReadyRead();
    }

private:
    void onReadyRead()
    {
        if (!reading)
            return;
        buffer.append(socket.readAll());
        if (!upgraded) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            upgraded = buffer.startsWith("HTTP/1.1 101");
            buffer.remove(0, end + 4);
        }
        for (;;) {
            if (buffer.size() < 2)
                return;
            const auto b0 = static_cast<quint8>(buffer[0]);
            const auto b1 = static_cast<quint8>(buffer[1]);
            qsizetype header = 2;
            quint64 len = b1 & 0x7f;
            if (len == 126) {
                if (buffer.size() < 4)
                    return;
                len = qFromBigEndian<quint16>(buffer.constData() + 2);
                header = 4;
            } else if (len == 127) {
                if (buffer.size() < 10)
                    return;
                len = qFromBigEndian<quint64>(buffer.constData() + 2);
                header = 10;
            }
            if (static_cast<quint64>(buffer.size() - header) < len)
                return;
            const QByteArray payload = buffer.mid(header, static_cast<qsizetype>(len));
            buffer.remove(0, header + static_cast<qsizetype>(len));
            const int opcode = b0 & 0x0f;
            if (opcode == 0x1) {
                texts.append(payload);
                if (autoPong && payload == "2")
                    sendText("3");
            } else if (opcode == 0x8) {
                closed = true;
                socket.disconnectFromHost();
            }
        }
    }
    QByteArray buffer;
};

} // namespace SmartFixer::Test
