#include "logescape.h"

#include <QByteArray>
#include <atomic>
#include <cstdio>

namespace SmartFixer {

bool isInvisibleOrControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1
        || c == 0x00ad // soft hyphen
        || c == 0x061c // Arabic letter mark
        || (c >= 0x200b && c <= 0x200f) // zero-width space/joiners, LRM, RLM
        || (c >= 0x2028 && c <= 0x202e) // line/paragraph separators, bidi embeddings/overrides
        || (c >= 0x2060 && c <= 0x2069) // word joiner, invisible operators, bidi isolates
        || c == 0xfeff // zero-width no-break space (BOM)
        || (c >= 0xfff9 && c <= 0xfffb) // interlinear annotation
        || (c >= 0xe0000 && c <= 0xe007f); // tag characters
}

QString escapedForLog(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        } else if (QChar::isSurrogate(c)) {
            c = 0xfffd; // a lone surrogate shows as U+FFFD
        }
        if (!isInvisibleOrControl(c)) {
            out += QString::fromUcs4(&c, 1);
        } else if (c == u'\n') {
            out += QLatin1String("\\n");
        } else if (c == u'\r') {
            out += QLatin1String("\\r");
        } else if (c == u'\t') {
            out += QLatin1String("\\t");
        } else if (c < 0x100) {
            out += QLatin1String("\\x") + QString::number(uint(c), 16).rightJustified(2, u'0');
        } else {
            out += QLatin1String("\\u")
                + QString::number(uint(c), 16).rightJustified(c > 0xffff ? 6 : 4, u'0');
        }
    }
    return out;
}

namespace {
QtMessageHandler g_previous = nullptr;

void escapingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    bool clean = true;
    for (QChar ch : message) {
        if (isInvisibleOrControl(ch.unicode()) || ch.isSurrogate()) {
            clean = false;
            break;
        }
    }
    const QString text = clean ? message : escapedForLog(message);
    if (g_previous)
        g_previous(type, context, text);
}
} // namespace

void installLogEscaping()
{
    static std::atomic<bool> installed{false};
    if (installed.exchange(true))
        return;
    g_previous = qInstallMessageHandler(escapingHandler);
    if (!g_previous) {
        // No handler before us: Qt's default one is what qInstallMessageHandler(nullptr)
        // restores; reach it through a handler that formats as Qt does.
        g_previous = [](QtMsgType t, const QMessageLogContext &ctx, const QString &msg) {
            const QByteArray line = qFormatLogMessage(t, ctx, msg).toLocal8Bit() + '\n';
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
            std::fflush(stderr);
        };
    }
}

} // namespace SmartFixer
