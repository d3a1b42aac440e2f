#pragma once
// Usernames and display names (issue 14 item 5), as pure functions. The reference is the PRECIS
// UsernameCaseMapped profile of RFC 8265: the canonical form of a name is its NFKC
// normalisation, case-folded, and two accounts whose canonical forms are equal are the same
// name ("Alice", "ALICE" and "alice" cannot coexist). The character set of a username stays
// the documented one: 1..64 of [A-Za-z0-9_.-] (ASCII only, so no look-alikes from other
// scripts). Display names are free text for people: NFC, 1..64 characters, without control,
// bidi, zero-width or other invisible characters, and not only spaces.
#include <QString>
#include <optional>

namespace SmartFixer::Names {

constexpr int MaxUsernameChars = 64;
constexpr int MaxDisplayNameChars = 64; //!< code points

//! NFKC, then case folding: the form uniqueness is decided on.
QString canonicalUsername(const QString &name);
//! 1..64 characters of [A-Za-z0-9_.-].
bool isValidUsername(const QString &name);
//! The display name as stored (NFC, trimmed), or nullopt with \a error set.
std::optional<QString> cleanDisplayName(const QString &name, QString *error);

} // namespace SmartFixer::Names
