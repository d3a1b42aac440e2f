// Issue 11 items 2 and 3: the demo window at 800×600 and 1440×900, in English and Russian —
// nothing clipped or pushed off-screen, the QA panel a dock that closes and comes back through
// the View menu, and a 200-character display name that is elided (full name in the tooltip)
// instead of widening the window. Real demo mode (embedded server on 127.0.0.1, port 0).
// Screenshots go to ${SF_BUILD_DIR}/screenshots/layout-*.png for a person to look at.
#include "chatpane.h"
#include "contactlistmodel.h"
#include "demo/demoscript.h"
#include "demopanel.h"
#include "desktopapp.h"
#include "elidedlabel.h"
#include "mainwindow.h"
#include "server/localaccount.h"
#include "sessionbackend.h"
#include "testsupport.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QTest>
#include <QToolButton>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestLayout : public QObject
{
    Q_OBJECT
private:
    QString m_outDir;

    //! \a w fully inside the top-level window, and visible.
    static bool inside(const QWidget *w)
    {
        const QWidget *top = w->window();
        const QRect r(w->mapTo(top, QPoint(0, 0)), w->size());
        return w->isVisible() && top->rect().contains(r);
    }

    void checkWindow(const QSize &size, const QString &lang)
    {
        installTranslations(lang);
        LaunchOptions options;
        options.demo = true;
        options.showLogin = false;
        DesktopApp app(options);
        QString error;
        QVERIFY2(app.start(&error), qPrintable(error));
        MainWindow *w = app.window();
        w->resize(size);
        QVERIFY(QTest::qWaitForWindowExposed(w));
        ContactListModel *model = w->contactModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 7, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(w->chatPane()->peer() != 0, 10000);

        // Someone with a very long display name is added and their chat opened.
        const QString longName = QStringLiteral("Maximiliane Alexandra Konstantinopoulou-"
                                                "Wolkenstein von und zu Hohenlohe-Langenburg "
                                                "der Dritte, Abteilung Qualitätssicherung und "
                                                "Dokumentation, Standort Süd, Zimmer 4.117");
        const auto longUser = signInLocally(app.server(), QStringLiteral("maxi"), longName);
        QVERIFY2(longUser, qPrintable(longUser.error()));
        app.backend()->addContact(longUser->userId);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(longUser->userId) >= 0, 10000);
        w->openChat(longUser->userId);
        QTest::qWaitForWindowExposed(w);
        QCoreApplication::processEvents();

        // The window keeps the size it was given; everything that matters is on screen.
        QCOMPARE(w->size(), size);
        QVERIFY(w->minimumSizeHint().width() <= 800 && w->minimumSizeHint().height() <= 600);
        ChatPane *pane = w->chatPane();
        QVERIFY(pane->nameLabel()->isElided());
        QCOMPARE(pane->nameLabel()->toolTip(), longName);
        QCOMPARE(pane->nameLabel()->fullText(), longName);
        auto *send = pane->findChild<QPushButton *>(QStringLiteral("sendButton"));
        auto *profile = pane->findChild<QToolButton *>(QStringLiteral("profileButton"));
        QVERIFY(send && profile);
        QVERIFY2(inside(send), "Send is off-screen");
        QVERIFY2(inside(profile), "Profile is off-screen");
        QVERIFY(inside(pane->composer()));
        QVERIFY(inside(w->filterField()));
        QVERIFY(!w->contactView()->horizontalScrollBar()->isVisible());
        const QModelIndex longRow = model->index(model->rowOf(longUser->userId));
        QVERIFY(longRow.data(Qt::ToolTipRole).toString().startsWith(longName));
        // The header did not grow to fit the name: one line of text.
        QVERIFY(pane->nameLabel()->height() < 3 * pane->nameLabel()->fontMetrics().height());

        // The QA panel: a dock, closed and reopened from the View menu.
        DemoPanel *panel = app.demoPanel();
        QVERIFY(panel->isVisible());
        QVERIFY(inside(panel));
        QVERIFY(panel->features() & QDockWidget::DockWidgetClosable);
        QVERIFY(w->viewMenu());
        QAction *toggle = panel->toggleViewAction();
        QVERIFY(w->viewMenu()->actions().contains(toggle));

        const QString file = m_outDir
            + QStringLiteral("/layout-%1x%2-%3.png").arg(size.width()).arg(size.height()).arg(lang);
        QVERIFY(w->grab().save(file));
        qInfo("wrote %s", qPrintable(file));

        toggle->trigger();
        QTRY_VERIFY(!panel->isVisible());
        QVERIFY(inside(send));
        QVERIFY(w->grab().save(m_outDir
                               + QStringLiteral("/layout-%1x%2-%3-nopanel.png")
                                     .arg(size.width())
                                     .arg(size.height())
                                     .arg(lang)));
        toggle->trigger();
        QTRY_VERIFY(panel->isVisible());
        app.shutdown();
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

    void window_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("lang");
        QTest::newRow("800x600 en") << QSize(800, 600) << QStringLiteral("en");
        QTest::newRow("800x600 ru") << QSize(800, 600) << QStringLiteral("ru");
        QTest::newRow("1440x900 en") << QSize(1440, 900) << QStringLiteral("en");
        QTest::newRow("1440x900 ru") << QSize(1440, 900) << QStringLiteral("ru");
    }

    void window()
    {
        QFETCH(QSize, size);
        QFETCH(QString, lang);
        checkWindow(size, lang);
    }
};

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
