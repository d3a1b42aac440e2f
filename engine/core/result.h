#pragma once
// Result<T>: a value or a human-readable error, for pure functions that must not throw
// (codec, parsers). C++20 has no std::expected yet.
#include <QString>
#include <optional>
#include <utility>

namespace SmartFixer {

template<typename T> class Result
{
public:
    Result(T value) : m_value(std::move(value)) { } // NOLINT(google-explicit-constructor)
    static Result failure(QString error)
    {
        Result r;
        r.m_error = std::move(error);
        return r;
    }
    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const QString &error() const { return m_error; }

private:
    Result() = default;
    std::optional<T> m_value;
    QString m_error;
};

} // namespace SmartFixer
