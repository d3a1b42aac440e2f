#pragma once
// TestCa: a throw-away certificate authority for the TLS tests, made with the openssl command
// in a temporary folder: the CA, and server certificates it signs for localhost / 127.0.0.1.
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace SmartFixer::Test {

class TestCa
{
public:
    //! Makes the CA (ECDSA P-256, valid for two days). false with \a error when openssl fails.
    bool create(QString *error);
    QString caCertificate() const { return m_dir.filePath(QStringLiteral("ca.pem")); }
    QString dir() const { return m_dir.path(); }

    struct Issued
    {
        QString certificate; //!< PEM file
        QString key; //!< PEM file
    };
    //! A server certificate named \a name (files NAME.pem / NAME.key) for \a altNames
    //! (subjectAltName entries such as "DNS:localhost", "IP:127.0.0.1"). Empty paths and
    //! \a error on failure.
    Issued issue(const QString &name, const QStringList &altNames, QString *error);

private:
    bool openssl(const QStringList &args, QString *error);
    QTemporaryDir m_dir;
};

} // namespace SmartFixer::Test
