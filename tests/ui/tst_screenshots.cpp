// Screenshots of the main window in demo mode (light, dark, German) into
// ${SF_BUILD_DIR}/screenshots/, after the demo has reached a moment that shows many states.
// Also checks that demo mode really walks through the states it promises.
#include "chatpane.h"
#include "contactlistmodel.h"
#include "demo/demoscript.h"
#include "demopanel.h"
#include "desktopapp.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "sessionbackend.h"
#include "testsupport.h"
#include "theme.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QListView>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestScreenshots : public QObject
{
    Q_OBJECT
private:
    QString m_outDir;

    static QSet<PresenceState> states(ContactListModel *model)
    {
        QSet<PresenceState> set;
        for (int row = 0; row < model->rowCount(); ++row)
            set.insert(model->index(row).data(ContactListModel::StateRole).value<PresenceState>());
        return set;
    }

    //! Runs the demo until Bob has left (Active) and Ada answered a message, then saves PNGs.
    void shoot(const QString &name, const QRegularExpression &expectActive)
    {
        LaunchOptions options;
        options.demo = true;
        options.showLogin = false;
        DesktopApp app(options);
        QString error;
        QVERIFY2(app.start(&error), qPrintable(error));
        MainWindow *w = app.window();
        w->resize(1400, 780);
        QVERIFY(QTest::qWaitForWindowExposed(w));
        ContactListModel *model = w->contactModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 7, 15000);
        // Ada answers: write to her (the first contact, opened automatically).
        QTRY_VERIFY_WITH_TIMEOUT(w->chatPane()->peer() != 0, 10000);
        app.demo()->setReplyDelayMs(600);
        const UserId ada = app.demo()->users().at(0).id;
        w->openChat(ada);
        QTRY_COMPARE_WITH_TIMEOUT(model->index(model->rowOf(ada))
                                      .data(ContactListModel::StateRole)
                                      .value<PresenceState>(),
                                  PresenceState::Online, 15000);
        w->chatPane()->composer()->setText(QStringLiteral("Hi Ada! How does this work?"));
        QTest::keyClick(w->chatPane()->composer(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(w->chatPane()->messageModel()->rowCount(), 2, 15000);
        // Bob leaves three seconds into the demo: "Active just now" with a clock badge.
        const UserId bob = app.demo()->users().at(1).id;
        QTRY_COMPARE_WITH_TIMEOUT(model->index(model->rowOf(bob))
                                      .data(ContactListModel::StateRole)
                                      .value<PresenceState>(),
                                  PresenceState::Active, 15000);
        const QString bobText
            = model->index(model->rowOf(bob)).data(ContactListModel::StatusTextRole).toString();
        QVERIFY2(expectActive.match(bobText).hasMatch(), qPrintable(bobText));
        const QSet<PresenceState> shown = states(model);
        QVERIFY(shown.contains(PresenceState::Online));
        QVERIFY(shown.contains(PresenceState::Active));
        QVERIFY(shown.contains(PresenceState::LastSeen));
        QVERIFY(shown.contains(PresenceState::Hidden));
        // An unread message for the list to show a count.
        model->setUnread(app.demo()->users().at(3).id, 2);
        const QString file = m_outDir + QLatin1Char('/') + name + QStringLiteral(".png");
        QVERIFY(w->grab().save(file));
        QVERIFY(QFileInfo(file).size() > 10000);
        qInfo("wrote %s", qPrintable(file));
        if (name == QLatin1String("demo-light")) {
            // The dialogs, for the README and a visual check.
            PrivacyDialog privacy(Visibility::Contacts, w);
            privacy.show();
            QVERIFY(QTest::qWaitForWindowExposed(&privacy));
            QVERIFY(privacy.grab().save(m_outDir + QStringLiteral("/privacy.png")));
            PreferencesDialog prefs(AppSettings{}, w);
            prefs.show();
            QVERIFY(QTest::qWaitForWindowExposed(&prefs));
            QVERIFY(prefs.grab().save(m_outDir + QStringLiteral("/preferences.png")));
            const ContactEntry *adaEntry = model->contact(app.demo()->users().at(0).id);
            QVERIFY(adaEntry);
            ProfileDialog profile(app.backend(), *adaEntry, w);
            profile.show();
            QVERIFY(QTest::qWaitForWindowExposed(&profile));
            QVERIFY(profile.grab().save(m_outDir + QStringLiteral("/profile.png")));
        }
        app.shutdown();
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        m_outDir = Test::buildDir() + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(m_outDir));
        QApplication::setStyle(QStringLiteral("Fusion"));
    }

    void light()
    {
        installTranslations(QStringLiteral("en_GB"));
        applyTheme(QStringLiteral("light"));
        shoot(QStringLiteral("demo-light"), QRegularExpression(QStringLiteral("^Active ")));
    }

    void dark()
    {
        applyTheme(QStringLiteral("dark"));
        shoot(QStringLiteral("demo-dark"), QRegularExpression(QStringLiteral("^Active ")));
    }

    void german()
    {
        applyTheme(QStringLiteral("light"));
        installTranslations(QStringLiteral("de_DE"));
        shoot(QStringLiteral("demo-de"), QRegularExpression(QStringLiteral(" aktiv$")));
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
