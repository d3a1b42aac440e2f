// German and Spanish as a user sees them (issue 11): the demo's main window with a chat open
// (1440×900 and 800×600), the sign-in dialog, Preferences and Privacy, offscreen, saved as
// ${SF_BUILD_DIR}/screenshots/l10n-<lang>-<screen>.png to look at. Each screen is also checked
// for what a look would catch: no label, button or check box narrower than its text (cut off),
// and no visible text left in English.
#include "chatpane.h"
#include "contactlistmodel.h"
#include "desktopapp.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "sessionbackend.h"
#include "testsupport.h"
#include "theme.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestLocalizedScreens : public QObject
{
    Q_OBJECT
private:
    QString m_outDir;

    //! Visible labels and buttons whose text does not fit, as "class 'text' (need > have)".
    static QStringList clipped(QWidget *top)
    {
        QStringList out;
        const auto check = [&](QWidget *w, const QString &text, bool wraps) {
            if (!w->isVisible() || text.trimmed().isEmpty() || wraps)
                return;
            const int need = w->sizeHint().width();
            if (need > w->width() + 1)
                out << QStringLiteral("%1 '%2' (%3 > %4)")
                           .arg(QString::fromLatin1(w->metaObject()->className()), text)
                           .arg(need)
                           .arg(w->width());
        };
        const auto labels = top->findChildren<QLabel *>();
        for (QLabel *l : labels) {
            // Elided names (ElidedLabel) and rich/wrapping labels handle their own width.
            if (l->inherits("SmartFixer::Ui::ElidedLabel"))
                continue;
            check(l, l->text(), l->wordWrap());
        }
        const auto buttons = top->findChildren<QAbstractButton *>();
        for (QAbstractButton *b : buttons)
            check(b, b->text(), false);
        return out;
    }

    //! Visible texts that are still the English source (the same with and without translator).
    static QStringList english(QWidget *top, const QStringList &sources)
    {
        QStringList out;
        const auto labels = top->findChildren<QLabel *>();
        for (QLabel *l : labels) {
            if (l->isVisible() && sources.contains(l->text()))
                out << l->text();
        }
        const auto buttons = top->findChildren<QAbstractButton *>();
        for (QAbstractButton *b : buttons) {
            if (b->isVisible() && sources.contains(b->text()))
                out << b->text();
        }
        return out;
    }

    void save(QWidget *w, const QString &lang, const char *screen)
    {
        const QString file
            = m_outDir + QStringLiteral("/l10n-%1-%2.png").arg(lang, QString::fromLatin1(screen));
        QVERIFY(w->grab().save(file));
        qInfo("wrote %s", qPrintable(file));
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        m_outDir = Test::buildDir() + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(m_outDir));
        QApplication::setStyle(QStringLiteral("Fusion"));
        applyTheme(QStringLiteral("light"));
    }

    void screens_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::newRow("de") << QStringLiteral("de_DE");
        QTest::newRow("es") << QStringLiteral("es_ES");
    }

    void screens()
    {
        QFETCH(QString, lang);
        const QString code = lang.left(2);
        // English texts that must not be seen in another language (a sample of each screen).
        const QStringList sources
            = {QStringLiteral("&Sign in"),        QStringLiteral("&Create account"),
               QStringLiteral("S&tay signed in"), QStringLiteral("&User name:"),
               QStringLiteral("&Password:"),      QStringLiteral("Send"),
               QStringLiteral("Profile"),         QStringLiteral("Everyone"),
               QStringLiteral("My contacts"),     QStringLiteral("Nobody"),
               QStringLiteral("Contacts"),        QStringLiteral("Chats")};
        installTranslations(lang);
        LaunchOptions options;
        options.demo = true;
        options.showLogin = false;
        options.language = lang;
        DesktopApp app(options);
        QString error;
        QVERIFY2(app.start(&error), qPrintable(error));
        MainWindow *w = app.window();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QTRY_COMPARE_WITH_TIMEOUT(w->contactModel()->rowCount(), 7, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(w->chatPane()->peer() != 0, 10000);
        for (const QSize size : {QSize(1440, 900), QSize(800, 600)}) {
            w->resize(size);
            QCoreApplication::processEvents();
            save(w, code, size.width() == 800 ? "main-800x600" : "main-1440x900");
            QVERIFY2(english(w, sources).isEmpty(), qPrintable(english(w, sources).join(u'|')));
        }

        LoginDialog login(app.backend(), QStringLiteral("alice"), w);
        login.show();
        QVERIFY(QTest::qWaitForWindowExposed(&login));
        save(&login, code, "signin");
        QVERIFY2(clipped(&login).isEmpty(), qPrintable(clipped(&login).join(u'\n')));
        QVERIFY2(english(&login, sources).isEmpty(),
                 qPrintable(english(&login, sources).join(u'|')));
        login.close();

        PreferencesDialog prefs(AppSettings{}, w);
        prefs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&prefs));
        save(&prefs, code, "preferences");
        QVERIFY2(clipped(&prefs).isEmpty(), qPrintable(clipped(&prefs).join(u'\n')));
        prefs.close();

        PrivacyDialog privacy(Visibility::Contacts, w);
        privacy.show();
        QVERIFY(QTest::qWaitForWindowExposed(&privacy));
        save(&privacy, code, "privacy");
        QVERIFY2(clipped(&privacy).isEmpty(), qPrintable(clipped(&privacy).join(u'\n')));
        QVERIFY2(english(&privacy, sources).isEmpty(),
                 qPrintable(english(&privacy, sources).join(u'|')));
        privacy.close();
        app.shutdown();
    }
};

QTEST_MAIN(TestLocalizedScreens)
#include "tst_localizedscreens.moc"
