// The sign-in dialog as a new user meets it (issue 11 items 5 and 6): every failure in plain
// words chosen by the error's kind — wrong password, a taken name, too many tries with the
// wait, a server that is not running, a web server that is not ours — and the server address
// edited in the dialog itself, checked strictly (no "http//host", no port 99999). Real servers
// on 127.0.0.1 port 0: our PresenceServer and Python's http.server as the foreign one.
#include "desktopapp.h"
#include "dialogs.h"
#include "server/localaccount.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "testsupport.h"

#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestSignInErrors : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    ManualClock *m_clock = nullptr;
    std::unique_ptr<PresenceServer> m_server;

    std::unique_ptr<SessionBackend> backendFor(const QUrl &url) const
    {
        ClientOptions o;
        o.serverUrl = url;
        o.clock = m_clock;
        o.cachePath = QStringLiteral(":memory:");
        o.followNetworkChanges = false;
        o.reconnect.enabled = false;
        return std::make_unique<SessionBackend>(o);
    }

    //! Fills the dialog and presses Sign in (or Create account); waits for a settled error.
    static QString attempt(LoginDialog &dialog, const QString &server, const QString &user,
                           const QString &password, bool create = false)
    {
        dialog.serverField()->setText(server);
        dialog.userField()->setText(user);
        dialog.passwordField()->setText(password);
        QTest::mouseClick(create ? dialog.createButton() : dialog.signInButton(), Qt::LeftButton);
        // The busy line ("Signing in…") is replaced by the outcome.
        if (!QTest::qWaitFor(
                [&] {
                    return dialog.signInButton()->isEnabled()
                        || dialog.result() == QDialog::Accepted;
                },
                15000))
            return QStringLiteral("<no outcome>");
        return dialog.errorLabel()->text();
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        installTranslations(QStringLiteral("en")); // as the app does: English plural forms
        QVERIFY(m_dir.isValid());
        m_clock = new ManualClock(
            QDateTime(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch(),
            this);
        ServerConfig config;
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        config.databasePath = m_dir.filePath(QStringLiteral("signin.sqlite"));
        config.openRegistration = true;
        // One free failure, then a 2-minute lockout: the third try shows the wait.
        config.loginThrottle.freeFailures = 1;
        config.loginThrottle.baseLockoutMs = 2 * 60 * 1000;
        m_server = std::make_unique<PresenceServer>(config, m_clock);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop();
    }

    void createTakenWrongPasswordAndTooManyTries()
    {
        auto backend = backendFor(m_server->url());
        LoginDialog dialog(backend.get(), QString());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString url = m_server->url().toString();

        // A new account through the dialog; then the same name again is "taken".
        QSignalSpy signedIn(backend.get(), &ChatBackend::signedIn);
        attempt(dialog, url, QStringLiteral("erin"), QStringLiteral("pass-word-1"), true);
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 10000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        auto second = backendFor(m_server->url());
        LoginDialog again(second.get(), QString());
        again.show();
        QCOMPARE(attempt(again, url, QStringLiteral("erin"), QStringLiteral("other"), true),
                 QStringLiteral("That name is taken. Choose another one, or sign in if it is "
                                "yours."));
        QCOMPARE(attempt(again, url, QStringLiteral("erin"), QStringLiteral("wrong")),
                 QStringLiteral("Wrong name or password."));
        // The second failure locks erin out for 2 minutes (Retry-After: 120).
        attempt(again, url, QStringLiteral("erin"), QStringLiteral("wrong again"));
        QCOMPARE(attempt(again, url, QStringLiteral("erin"), QStringLiteral("pass-word-1")),
                 QStringLiteral("Too many tries — try again in 2 minutes."));
        QVERIFY(again.result() != QDialog::Accepted);
    }

    void serverNotRunningThenFixTheAddressInTheDialog()
    {
        // A port nobody listens on: bind it, note it, close it.
        quint16 dead = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            dead = probe.serverPort();
        }
        const QString deadUrl = QStringLiteral("http://127.0.0.1:%1").arg(dead);
        auto backend = backendFor(QUrl(deadUrl));
        const auto alice = signInLocally(m_server.get(), QStringLiteral("alice"));
        QVERIFY2(alice, qPrintable(alice.error()));
        LoginDialog dialog(backend.get(), QStringLiteral("alice"));
        dialog.show();
        QCOMPARE(dialog.serverField()->text(), deadUrl);
        QCOMPARE(attempt(dialog, deadUrl, QStringLiteral("nobody"), QStringLiteral("x")),
                 QStringLiteral("Cannot reach %1. Check the address and that the server is "
                                "running.")
                     .arg(deadUrl));
        // The server address is edited right there; the same dialog then reaches our server.
        QCOMPARE(attempt(dialog, m_server->url().toString(), QStringLiteral("nobody"),
                         QStringLiteral("x")),
                 QStringLiteral("Wrong name or password."));
        QCOMPARE(backend->serverUrl(), m_server->url());
    }

    void strictAddressChecksBeforeAnyNetwork()
    {
        auto backend = backendFor(m_server->url());
        LoginDialog dialog(backend.get(), QStringLiteral("alice"));
        dialog.show();
        const struct
        {
            const char *typed;
            const char *shown;
        } cases[] = {
            {"http://127.0.0.1:99999", "The port must be a number from 1 to 65535."},
            {"http//127.0.0.1:8765", "Unexpected \"//127.0.0.1:8765\" in the address."},
            {"ftp://127.0.0.1", "The address must start with http:// or https://."},
            {"http://exa mple.org", "\"exa mple.org\" is not a computer name or IP address."},
            {"http://300.1.1.1:8765", "\"300.1.1.1\" is not a computer name or IP address."},
            {"", "Enter the server address, e.g. http://192.168.1.20:8765."},
        };
        for (const auto &c : cases) {
            dialog.serverField()->setText(QString::fromUtf8(c.typed));
            dialog.passwordField()->setText(QStringLiteral("x"));
            QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
            // Refused at once, in words, without contacting anything: the button stays enabled
            // and the backend keeps its old server.
            QCOMPARE(dialog.errorLabel()->text(), QString::fromUtf8(c.shown));
            QVERIFY(dialog.signInButton()->isEnabled());
            QCOMPARE(backend->serverUrl(), m_server->url());
        }
    }

    void aWebServerThatIsNotOurs()
    {
        // Python's http.server answers POST with "501 Unsupported method" as HTML.
        QProcess web;
        web.setWorkingDirectory(m_dir.path());
        web.setProcessChannelMode(QProcess::MergedChannels);
        web.start(QStringLiteral("/usr/bin/python3"),
                  {QStringLiteral("-u"), QStringLiteral("-m"), QStringLiteral("http.server"),
                   QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("0")});
        QVERIFY2(web.waitForStarted(5000), qPrintable(web.errorString()));
        QString banner;
        const QRegularExpression portRe(QStringLiteral("port (\\d+)"));
        QTRY_VERIFY_WITH_TIMEOUT(
            (banner += QString::fromUtf8(web.readAll()), portRe.match(banner).hasMatch()), 10000);
        const QString url
            = QStringLiteral("http://127.0.0.1:%1").arg(portRe.match(banner).captured(1));
        auto backend = backendFor(QUrl(url));
        LoginDialog dialog(backend.get(), QStringLiteral("alice"));
        dialog.show();
        QCOMPARE(attempt(dialog, url, QStringLiteral("alice"), QStringLiteral("x")),
                 QStringLiteral("This address is not a SmartFixer server."));
        QCOMPARE(attempt(dialog, url, QStringLiteral("alice"), QStringLiteral("x"), true),
                 QStringLiteral("This address is not a SmartFixer server."));
        web.kill();
        web.waitForFinished(5000);
    }
};

QTEST_MAIN(TestSignInErrors)
#include "tst_signinerrors.moc"
