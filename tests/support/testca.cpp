#include "testca.h"

#include <QFile>
#include <QProcess>

namespace SmartFixer::Test {

bool TestCa::openssl(const QStringList &args, QString *error)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("openssl %1 failed: %2")
                     .arg(args.join(u' '), QString::fromLocal8Bit(p.readAllStandardError()));
        return false;
    }
    return true;
}

bool TestCa::create(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder");
        return false;
    }
    return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                    QStringLiteral("ca.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                    QStringLiteral("-subj"), QStringLiteral("/CN=SmartFixer Test CA"),
                    QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                    QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                   error);
}

TestCa::Issued TestCa::issue(const QString &name, const QStringList &altNames, QString *error)
{
    const QString ext = name + QStringLiteral(".ext");
    QFile extFile(m_dir.filePath(ext));
    if (!extFile.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(ext);
        return {};
    }
    extFile.write("basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    if (!altNames.isEmpty())
        extFile.write("subjectAltName=" + altNames.join(u',').toLatin1() + '\n');
    extFile.close();
    const QString key = name + QStringLiteral(".key");
    const QString csr = name + QStringLiteral(".csr");
    const QString pem = name + QStringLiteral(".pem");
    if (!openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                  QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                  QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"),
                  csr, QStringLiteral("-subj"), QStringLiteral("/CN=") + name},
                 error)
        || !openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
                     QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"),
                     QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
                     QStringLiteral("-out"), pem, QStringLiteral("-days"), QStringLiteral("2"),
                     QStringLiteral("-extfile"), ext},
                    error))
        return {};
    return {m_dir.filePath(pem), m_dir.filePath(key)};
}

} // namespace SmartFixer::Test
