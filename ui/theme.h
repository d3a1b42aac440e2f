#pragma once
// Light and dark palettes for the Fusion style, so the app looks the same on every desktop and
// the badges keep their contrast (PresenceBadge picks colours by the window's lightness).
#include <QPalette>
#include <QString>

namespace SmartFixer::Ui {

QPalette lightPalette();
QPalette darkPalette();
//! Applies "light", "dark" or "" (the platform's palette) to the application.
void applyTheme(const QString &theme);

} // namespace SmartFixer::Ui
