#include "selfsigned.h"

#include <QFile>

#include <openssl/bio.h>
#include <openssl/buffer.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace SmartFixer {

namespace {

template<typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

QString sslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    char text[256] = {};
    if (code)
        ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return QStringLiteral("cannot make a certificate: %1 failed (%2)")
        .arg(QString::fromLatin1(what), QString::fromLatin1(text));
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

QByteArray bioBytes(BIO *bio)
{
    BUF_MEM *mem = nullptr;
    BIO_get_mem_ptr(bio, &mem);
    return mem ? QByteArray(mem->data, qsizetype(mem->length)) : QByteArray();
}

} // namespace

Result<SelfSignedCertificate> makeSelfSigned(const SelfSignedRequest &request)
{
    using R = Result<SelfSignedCertificate>;
    PKey key(EVP_EC_gen("P-256"));
    if (!key)
        return R::failure(sslError("EVP_EC_gen"));
    Cert cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1)
        return R::failure(sslError("X509_new"));
    // A random 127-bit serial: two certificates of one name never share a serial.
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return R::failure(sslError("RAND_bytes"));
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    const bool serialOk = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    if (!serialOk)
        return R::failure(sslError("serial number"));
    if (!ASN1_TIME_set(X509_getm_notBefore(cert.get()),
                       time_t(request.notBefore.toSecsSinceEpoch()))
        || !ASN1_TIME_set(X509_getm_notAfter(cert.get()),
                          time_t(request.notAfter.toSecsSinceEpoch())))
        return R::failure(sslError("validity"));
    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = request.commonName.left(64).toUtf8();
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(cn.constData()),
                                   int(cn.size()), -1, 0)
            != 1
        || X509_set_issuer_name(cert.get(), name) != 1)
        return R::failure(sslError("subject name"));
    if (X509_set_pubkey(cert.get(), key.get()) != 1)
        return R::failure(sslError("X509_set_pubkey"));
    QByteArrayList alt;
    for (const QString &dns : request.dnsNames)
        alt += "DNS:" + dns.toUtf8();
    for (const QHostAddress &ip : request.addresses)
        alt += "IP:" + ip.toString().toLatin1();
    if ((!alt.isEmpty() && !addExtension(cert.get(), NID_subject_alt_name, alt.join(',')))
        || !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(cert.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(cert.get(), NID_subject_key_identifier, "hash"))
        return R::failure(sslError("extensions"));
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        return R::failure(sslError("X509_sign"));
    Bio certBio(BIO_new(BIO_s_mem()));
    Bio keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), cert.get()) != 1
        || PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1)
        return R::failure(sslError("PEM encoding"));
    return SelfSignedCertificate{bioBytes(certBio.get()), bioBytes(keyBio.get())};
}

Result<bool> writeSelfSigned(const SelfSignedCertificate &pair, const QString &certFile,
                             const QString &keyFile)
{
    const auto write = [](const QString &path, const QByteArray &bytes,
                          QFileDevice::Permissions permissions) -> Result<bool> {
        // Created with its permissions (never world-readable, not even for a moment).
        QFile::remove(path);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions)
            || file.write(bytes) != bytes.size() || !file.flush())
            return Result<bool>::failure(
                QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return true;
    };
    const auto key = write(keyFile, pair.keyPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!key)
        return key;
    return write(certFile, pair.certificatePem,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                     | QFileDevice::ReadOther);
}

} // namespace SmartFixer
