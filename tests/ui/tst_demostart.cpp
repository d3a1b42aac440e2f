// The demo's first moments as a viewer meets them (issue 11 item 14): the events log must not
// start by showing demo users who are online as "Last seen a long time ago". The viewer's app
// signs in only once the demo users of moment 0 are connected (DemoScript::started), so the
// first presence it receives for Ada and Bob is "Online".
#include "chatbackend.h"
#include "demo/demoscript.h"
#include "demopanel.h"
#include "desktopapp.h"
#include "sessionbackend.h"
#include "testsupport.h"

#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestDemoStart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        installTranslations(QStringLiteral("en"));
    }

    void firstPresenceIsTheRealOne()
    {
        LaunchOptions options;
        options.demo = true;
        options.showLogin = false;
        DesktopApp app(options);
        QString error;
        QVERIFY2(app.start(&error), qPrintable(error));
        // Every presence the app shows, in order: the viewer is not signed in yet (start()
        // returns before the demo users are connected), so nothing is missed.
        QList<PresenceInfo> shown;
        QVERIFY(app.backend()->session()->token().isEmpty());
        connect(app.backend(), &ChatBackend::presenceChanged, this,
                [&](const PresenceInfo &info) { shown.append(info); });
        QHash<QString, UserId> ids;
        for (const auto &u : app.demo()->users())
            ids.insert(u.username, u.id);
        const auto firstOf = [&](const QString &user) -> std::optional<PresenceInfo> {
            for (const PresenceInfo &p : std::as_const(shown)) {
                if (p.userId == ids.value(user))
                    return p;
            }
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(firstOf(QStringLiteral("ada")) && firstOf(QStringLiteral("bob")),
                                 15000);
        QCOMPARE(firstOf(QStringLiteral("ada"))->state, PresenceState::Online);
        QCOMPARE(firstOf(QStringLiteral("bob"))->state, PresenceState::Online);
        QTRY_VERIFY_WITH_TIMEOUT(firstOf(QStringLiteral("farid")), 15000);
        // Farid really was never seen: that one is right.
        QCOMPARE(firstOf(QStringLiteral("farid"))->status,
                 QStringLiteral("Last seen a long time ago"));

        // The QA panel's log says the same: no "long time ago" line for anyone but Farid.
        const QString log = app.demoPanel()->log()->toPlainText();
        QVERIFY2(
            log.contains(QStringLiteral("app shows Ada Lovelace: online"), Qt::CaseInsensitive),
            qPrintable(log));
        const QStringList lines = log.split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            if (line.contains(QStringLiteral("a long time ago")))
                QVERIFY2(line.contains(QStringLiteral("Farid")), qPrintable(line));
        }
    }
};

QTEST_MAIN(TestDemoStart)
#include "tst_demostart.moc"
