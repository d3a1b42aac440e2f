#pragma once
// The approximate last-seen texts of DESIGN.md §10 ("Last seen recently", "… within a week",
// "… within a month", "… a long time ago") as a client receives them: the server renders them
// in the language it was asked for, and carries no timestamp to re-derive them from, so the
// client recognises the text and words it in the viewer's own language.
#include <QLocale>
#include <QString>
#include <optional>

namespace SmartFixer {

//! \a received in \a locale's language if it is one of the four bucket texts (in English or in
//! any language we translate to); nothing for any other text.
std::optional<QString> localizedApproximateText(const QString &received, const QLocale &locale);

} // namespace SmartFixer
