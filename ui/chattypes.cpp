#include "chattypes.h"
#include "chatbackend.h"

#include <QColor>

namespace SmartFixer::Ui {

QString initialsOf(const QString &name)
{
    QString initials;
    const QStringList words = name.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        initials += word.at(0).toUpper();
        if (initials.size() == 2)
            break;
    }
    if (initials.isEmpty())
        initials = QStringLiteral("?");
    return initials;
}

QColor avatarColor(UserId id)
{
    // Hues spread by the golden angle so neighbouring ids differ; fixed saturation/value keep
    // white initials readable.
    const int hue = int((quint64(id) * 137u) % 360u);
    return QColor::fromHsv(hue, 140, 175);
}

ChatBackend::~ChatBackend() = default;

} // namespace SmartFixer::Ui
