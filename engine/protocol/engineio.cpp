#include "engineio.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace SmartFixer::EngineIo {

bool isValidUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c == 0xE0) {
            extra = 2;
            lo = 0xA0; // no overlong 3-byte forms
        } else if (c == 0xED) {
            extra = 2;
            hi = 0x9F; // no UTF-16 surrogates
        } else if (c >= 0xE1 && c <= 0xEF) {
            extra = 2;
        } else if (c == 0xF0) {
            extra = 3;
            lo = 0x90; // no overlong 4-byte forms
        } else if (c >= 0xF1 && c <= 0xF3) {
            extra = 3;
        } else if (c == 0xF4) {
            extra = 3;
            hi = 0x8F; // nothing above U+10FFFF
        } else {
            return false; // continuation byte, C0/C1 overlong lead, or F5..FF
        }
        if (n - i <= extra)
            return false;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return false;
        for (int k = 2; k <= extra; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
        }
        i += extra + 1;
    }
    return true;
}

Result<Packet> decode(QByteArrayView frame)
{
    if (frame.isEmpty())
        return Result<Packet>::failure(QStringLiteral("empty Engine.IO packet"));
    const char t = frame.front();
    if (t < '0' || t > '6')
        return Result<Packet>::failure(
            QStringLiteral("unknown Engine.IO packet type 0x%1")
                .arg(static_cast<unsigned char>(t), 2, 16, QLatin1Char('0')));
    if (!isValidUtf8(frame))
        return Result<Packet>::failure(QStringLiteral("Engine.IO packet is not valid UTF-8"));
    Packet packet;
    packet.type = static_cast<PacketType>(t);
    packet.data = frame.sliced(1).toByteArray();
    return packet;
}

QByteArray encode(PacketType type, QByteArrayView data)
{
    QByteArray out;
    out.reserve(1 + data.size());
    out.append(static_cast<char>(type));
    out.append(data);
    return out;
}

QByteArray encode(const Packet &packet)
{
    return encode(packet.type, packet.data);
}

QByteArray encodeOpen(const OpenInfo &info)
{
    QJsonObject o;
    o.insert(QStringLiteral("sid"), info.sid);
    o.insert(QStringLiteral("upgrades"), QJsonArray());
    o.insert(QStringLiteral("pingInterval"), info.pingIntervalMs);
    o.insert(QStringLiteral("pingTimeout"), info.pingTimeoutMs);
    if (info.maxPayload)
        o.insert(QStringLiteral("maxPayload"), *info.maxPayload);
    return encode(PacketType::Open, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

namespace {

// A JSON number that is a whole number in [min, max]; JSON numbers are doubles.
std::optional<qint64> wholeNumber(const QJsonValue &v, qint64 min, qint64 max)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max)))
        return std::nullopt; // also rejects NaN
    const auto i = static_cast<qint64>(d);
    if (static_cast<double>(i) != d)
        return std::nullopt;
    return i;
}

} // namespace

Result<OpenInfo> decodeOpen(QByteArrayView data)
{
    using R = Result<OpenInfo>;
    if (!isValidUtf8(data))
        return R::failure(QStringLiteral("open packet is not valid UTF-8"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(data.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError)
        return R::failure(QStringLiteral("open packet: invalid JSON (%1)").arg(err.errorString()));
    if (!doc.isObject())
        return R::failure(QStringLiteral("open packet: not a JSON object"));
    const QJsonObject o = doc.object();
    OpenInfo info;
    const QJsonValue sid = o.value(QStringLiteral("sid"));
    if (!sid.isString() || sid.toString().isEmpty())
        return R::failure(QStringLiteral("open packet: missing or empty \"sid\""));
    info.sid = sid.toString();
    const auto interval = wholeNumber(o.value(QStringLiteral("pingInterval")), 1, INT_MAX);
    const auto timeout = wholeNumber(o.value(QStringLiteral("pingTimeout")), 1, INT_MAX);
    if (!interval || !timeout)
        return R::failure(QStringLiteral(
            "open packet: pingInterval and pingTimeout must be positive whole numbers"));
    info.pingIntervalMs = static_cast<int>(*interval);
    info.pingTimeoutMs = static_cast<int>(*timeout);
    const QJsonValue upgrades = o.value(QStringLiteral("upgrades"));
    if (!upgrades.isUndefined() && !upgrades.isArray())
        return R::failure(QStringLiteral("open packet: \"upgrades\" is not an array"));
    const QJsonValue maxPayload = o.value(QStringLiteral("maxPayload"));
    if (!maxPayload.isUndefined() && !maxPayload.isNull()) {
        // 2^53: the largest whole number a JSON (double) number holds exactly.
        const auto mp = wholeNumber(maxPayload, 0, qint64(1) << 53);
        if (!mp)
            return R::failure(QStringLiteral("open packet: bad \"maxPayload\""));
        info.maxPayload = *mp;
    }
    return info;
}

} // namespace SmartFixer::EngineIo
