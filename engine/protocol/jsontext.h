#pragma once
// jsontext: checks of raw JSON text that QJsonDocument does not make. Qt's parser silently
// turns an unpaired UTF-16 surrogate escape ("\ud800", "\udc00x") into U+FFFD, so a message
// would be stored as something its sender did not send: such JSON is refused instead.
// Qt's parser also drops a raw U+FEFF (EF BB BF) at the start of a string, taking it for a
// byte order mark, while it keeps an escaped "\ufeff": protectBom() turns raw ones into the
// escape before parsing and after writing, so a string survives both directions unchanged
// (JSON structure is ASCII, so these bytes can only be inside a string).
// Header-only so that the codec's fuzz target (which compiles the codec sources directly)
// needs nothing else.
#include <QByteArray>
#include <QByteArrayView>

namespace SmartFixer::JsonText {

namespace detail {
inline int hex4(QByteArrayView s, qsizetype i)
{
    if (i + 4 > s.size())
        return -1;
    int v = 0;
    for (qsizetype k = i; k < i + 4; ++k) {
        const char c = s[k];
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}
} // namespace detail

//! true when \a json has a \u escape of a high surrogate not followed by one of a low
//! surrogate, or of a low surrogate without a high one before it.
inline bool hasUnpairedSurrogateEscape(QByteArrayView json)
{
    for (qsizetype i = 0; i + 1 < json.size(); ++i) {
        if (json[i] != '\\')
            continue;
        if (json[i + 1] != 'u') {
            ++i; // "\\", "\"", "\n", ...: the escaped character is not an escape itself
            continue;
        }
        const int unit = detail::hex4(json, i + 2);
        if (unit >= 0xdc00 && unit <= 0xdfff)
            return true; // a low surrogate first
        if (unit >= 0xd800 && unit <= 0xdbff) {
            const bool pair = i + 7 < json.size() && json[i + 6] == '\\' && json[i + 7] == 'u';
            const int low = pair ? detail::hex4(json, i + 8) : -1;
            if (low < 0xdc00 || low > 0xdfff)
                return true;
            i += 11; // both escapes
            continue;
        }
        i += 5;
    }
    return false;
}

//! \a json with every raw UTF-8 U+FEFF replaced by the escape "\ufeff" (a copy only when
//! there is one).
inline QByteArray protectBom(QByteArray json)
{
    static constexpr char kBom[] = "\xef\xbb\xbf";
    if (json.indexOf(QByteArrayView(kBom, 3)) < 0)
        return json;
    return json.replace(QByteArrayView(kBom, 3), QByteArrayView("\\ufeff"));
}

} // namespace SmartFixer::JsonText
