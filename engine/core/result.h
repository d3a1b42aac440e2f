#pragma once
// Result<T>: a value or an error (a kind that callers branch on, plus a human-readable
// message), for functions that must not throw (codec, parsers, storage, REST). C++20 has no
// std::expected yet. Callers decide by kind(), never by parsing the message.
#include <QString>
#include <optional>
#include <utility>

namespace SmartFixer {

//! What went wrong, in the terms a caller acts on (exit codes, HTTP status, UI wording).
enum class ErrorKind {
    None, //!< no error (a successful Result)
    Invalid, //!< the input is malformed or breaks a rule (HTTP 400, exit 2)
    NotFound, //!< the thing named does not exist (404)
    Unauthorized, //!< missing/wrong token or password (401)
    Forbidden, //!< known, but not allowed (403)
    Conflict, //!< already exists / taken (409)
    RateLimited, //!< too many attempts; retryAfterMs() says how long to wait (429)
    Unavailable, //!< the service is not reachable or not ready (connection refused, 503, DNS)
    Timeout, //!< no answer in time
    Protocol, //!< the peer answered, but not as our protocol says (not a SmartFixer server)
    Internal, //!< anything else (database error, 5xx)
};

template<typename T> class Result
{
public:
    Result(T value) : m_value(std::move(value)) { } // NOLINT(google-explicit-constructor)
    //! A failure of kind \a kind (Internal when the caller has no better word for it).
    static Result failure(QString error, ErrorKind kind = ErrorKind::Internal)
    {
        Result r;
        r.m_error = std::move(error);
        r.m_kind = kind == ErrorKind::None ? ErrorKind::Internal : kind;
        return r;
    }
    //! Carries another Result's error over (same kind, message and retry hint).
    template<typename U> static Result failureFrom(const Result<U> &other)
    {
        Result r = failure(other.error(), other.kind());
        r.m_retryAfterMs = other.retryAfterMs();
        return r;
    }
    Result &withRetryAfter(qint64 ms)
    {
        m_retryAfterMs = ms;
        return *this;
    }
    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const QString &error() const { return m_error; }
    ErrorKind kind() const { return m_kind; }
    //! For RateLimited: how long to wait (ms); 0 when unknown.
    qint64 retryAfterMs() const { return m_retryAfterMs; }

private:
    Result() = default;
    std::optional<T> m_value;
    QString m_error;
    ErrorKind m_kind = ErrorKind::None;
    qint64 m_retryAfterMs = 0;
};

} // namespace SmartFixer
