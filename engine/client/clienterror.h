#pragma once
// ClientError: a failure the client engine reports to its UI or CLI as a value, so that each
// caller chooses its wording or exit code by kind() — never by reading the message.
#include "core/result.h"
#include "tls/clienttls.h"

#include <QMetaType>
#include <QString>

namespace SmartFixer {

struct ClientError
{
    ErrorKind kind = ErrorKind::Internal;
    QString message; //!< English detail for logs ("401 Unauthorized: invalid token")
    qint64 retryAfterMs = 0; //!< RateLimited: how long to wait (ms); 0 when unknown
    //! Not null when the server's certificate was refused: what is wrong with it, by
    //! CertificateProblem (the UI words it from that, never from message).
    TlsFailure tls;

    template<typename T> static ClientError from(const Result<T> &result)
    {
        return ClientError{result.kind(), result.error(), result.retryAfterMs(), TlsFailure()};
    }
};

} // namespace SmartFixer

Q_DECLARE_METATYPE(SmartFixer::ClientError)
