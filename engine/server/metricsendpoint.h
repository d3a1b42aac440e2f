#pragma once
// MetricsEndpoint: where GET /metrics is served. Prometheus counters tell who is online when
// (a user hidden from everyone showed up as users_online 2 -> 3 -> 2), so they are never
// public: on the main port only with `--metrics-token` (Authorization: Bearer TOKEN), or on a
// separate `--metrics-listen` address of their own (off by default; the token applies there
// too when set). That address serves /metrics and /healthz only.
#include "server/httpfront.h"

#include <QHostAddress>
#include <QHttpServerRequest>
#include <QPointer>
#include <functional>
#include <memory>

namespace SmartFixer {

//! Whether \a request carries "Authorization: Bearer \a token" (compared in constant time).
bool metricsAuthorized(const QHttpServerRequest &request, const QString &token);

class MetricsEndpoint
{
public:
    using Text = std::function<QByteArray()>;
    MetricsEndpoint(QString token, Text text);
    ~MetricsEndpoint();

    //! Listens on \a address:\a port (0 = any free port). false with \a error when it cannot.
    bool listen(const QHostAddress &address, quint16 port, const HttpFrontLimits &limits,
                QString *error);
    quint16 port() const;
    void close();

private:
    HttpReply handle(const QHttpServerRequest &request) const;

    QString m_token;
    Text m_text;
    std::unique_ptr<HttpFront> m_front;
    QPointer<HttpListener> m_listener;
};

} // namespace SmartFixer
