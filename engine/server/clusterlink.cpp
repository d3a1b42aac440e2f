#include "clusterlink.h"

#include <QCryptographicHash>

namespace SmartFixer {

ClusterLink::~ClusterLink() = default;

QByteArray ClusterLink::tokenHash(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

} // namespace SmartFixer
