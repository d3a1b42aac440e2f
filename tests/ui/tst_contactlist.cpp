// Issue 11 items 9 and 10: the contact list as a new user meets it — the first-run hint, the
// filter that keeps the conversation open (Esc clears, "No matches"), the right-click menu
// (Open chat / View profile / Remove contact), "has not added you back" from the server's
// "mutual" flag, and "Add contact" that knows who is already there. Real PresenceServer on
// 127.0.0.1 port 0, real main window.
#include "chatpane.h"
#include "contactdelegate.h"
#include "contactlistmodel.h"
#include "desktopapp.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "presencebadge.h"
#include "server/localaccount.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "testsupport.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestContactList : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<PresenceServer> m_server;

    ClientOptions clientOptions() const
    {
        ClientOptions o;
        o.serverUrl = m_server->url();
        o.cachePath = QStringLiteral(":memory:");
        o.followNetworkChanges = false;
        return o;
    }
    static QAction *action(QMenu *menu, const char *name)
    {
        return menu->findChild<QAction *>(QLatin1String(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        installTranslations(QStringLiteral("en"));
        QVERIFY(m_dir.isValid());
        ServerConfig config;
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        config.databasePath = m_dir.filePath(QStringLiteral("contacts.sqlite"));
        m_server = std::make_unique<PresenceServer>(config);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop();
    }

    void firstWeek()
    {
        const auto me = signInLocally(m_server.get(), QStringLiteral("newbie"));
        const auto ada
            = signInLocally(m_server.get(), QStringLiteral("ada"), QStringLiteral("Ada Lovelace"));
        const auto alan
            = signInLocally(m_server.get(), QStringLiteral("alan"), QStringLiteral("Alan Turing"));
        QVERIFY(me && ada && alan);
        SessionBackend backend(clientOptions());
        MainWindow window(&backend);
        window.setCloseToTray(false);
        window.resize(900, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy signedIn(&backend, &ChatBackend::signedIn);
        backend.signInWithToken(me->token);
        QVERIFY(signedIn.wait(10000));

        // A new account: no white emptiness, a hint and a button.
        QTRY_VERIFY(window.emptyListLabel()->isVisible());
        QVERIFY(window.emptyListLabel()->text().startsWith(QStringLiteral("No contacts yet.")));
        QVERIFY(!window.contactView()->isVisible());
        auto *addButton = window.findChild<QPushButton *>(QStringLiteral("emptyListAdd"));
        QVERIFY(addButton && addButton->isVisible());

        // Add contact: add Ada; the dialog stays open and says so; searching again shows her
        // as already added.
        {
            AddContactDialog dialog(&backend, &window);
            dialog.show();
            QTest::keyClicks(dialog.queryField(), QStringLiteral("a"));
            QTRY_COMPARE_WITH_TIMEOUT(dialog.results()->count(), 2, 10000);
            QListWidgetItem *adaItem = nullptr;
            for (int i = 0; i < dialog.results()->count(); ++i) {
                if (dialog.results()->item(i)->data(Qt::UserRole).toLongLong() == ada->userId)
                    adaItem = dialog.results()->item(i);
            }
            QVERIFY(adaItem);
            dialog.results()->setCurrentItem(adaItem);
            QTest::keyClick(dialog.results(), Qt::Key_Return);
            QVERIFY(dialog.isVisible());
            QVERIFY(!(adaItem->flags() & Qt::ItemIsEnabled));
            QTRY_COMPARE_WITH_TIMEOUT(window.contactModel()->rowCount(), 1, 10000);
            dialog.queryField()->setText(QStringLiteral("ad"));
            QTRY_VERIFY_WITH_TIMEOUT(dialog.results()->count() == 1
                                         && dialog.results()->item(0)->text().endsWith(
                                             QStringLiteral("already a contact")),
                                     10000);
            QVERIFY(!(dialog.results()->item(0)->flags() & Qt::ItemIsEnabled));
        }
        QTRY_VERIFY(!window.emptyListLabel()->isVisible());
        QVERIFY(window.contactView()->isVisible());

        // Ada has not added us back: the list says so; once she does, it stops saying it.
        ContactListModel *model = window.contactModel();
        const auto row = [&] {
            return model->index(model->rowOf(ada->userId));
        };
        QTRY_COMPARE_WITH_TIMEOUT(row().data(ContactListModel::MutualRole), QVariant(false), 10000);
        QVERIFY(row()
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Ada Lovelace has not added you back yet.")));
        ClientSession adaClient(clientOptions());
        adaClient.signInWithToken(ada->token);
        QSignalSpy adaContacts(&adaClient, &ClientSession::contactsChanged);
        QTRY_VERIFY_WITH_TIMEOUT(adaClient.selfId() != 0, 10000);
        adaClient.addContact(me->userId);
        QVERIFY(adaContacts.wait(10000));
        backend.session()->refreshContacts();
        QTRY_COMPARE_WITH_TIMEOUT(row().data(ContactListModel::MutualRole), QVariant(true), 10000);

        // Add Alan too (through the engine), open Ada's chat, then filter for Alan: the chat
        // with Ada stays open; "No matches"; Esc clears.
        backend.addContact(alan->userId);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 10000);
        window.openChat(ada->userId);
        QCOMPARE(window.chatPane()->peer(), ada->userId);
        window.filterField()->setFocus();
        QTest::keyClicks(window.filterField(), QStringLiteral("alan"));
        QCOMPARE(window.contactView()->model()->rowCount(), 1);
        QCOMPARE(window.chatPane()->peer(), ada->userId);
        QTest::keyClicks(window.filterField(), QStringLiteral("xyz"));
        QCOMPARE(window.contactView()->model()->rowCount(), 0);
        QVERIFY(window.emptyListLabel()->isVisible());
        QCOMPARE(window.emptyListLabel()->text(),
                 QStringLiteral("No matches for \"alanxyz\". Esc clears the filter."));
        QCOMPARE(window.chatPane()->peer(), ada->userId);
        QTest::keyClick(window.filterField(), Qt::Key_Escape);
        QVERIFY(window.filterField()->text().isEmpty());
        QCOMPARE(window.contactView()->model()->rowCount(), 2);
        QVERIFY(!window.emptyListLabel()->isVisible());
        QCOMPARE(window.chatPane()->peer(), ada->userId);
        QCOMPARE(window.contactView()->currentIndex().data(ContactListModel::UserIdRole),
                 QVariant(ada->userId));

        // Right-click menu on Alan: Open chat, then Remove contact.
        std::unique_ptr<QMenu> menu(window.contactMenu(alan->userId));
        QVERIFY(action(menu.get(), "openChat") && action(menu.get(), "viewProfile")
                && action(menu.get(), "removeContact"));
        action(menu.get(), "openChat")->trigger();
        QCOMPARE(window.chatPane()->peer(), alan->userId);
        action(menu.get(), "removeContact")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        QCOMPARE(model->rowOf(alan->userId), -1);
        QCOMPARE(window.chatPane()->peer(), UserId(0));

        // Item 13: keyboard focus on the list is visible — a ring in the focus colour on the
        // current row when the list has focus, none when it does not.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QListView *view = window.contactView();
        view->setCurrentIndex(view->model()->index(0, 0));
        const QColor ring = focusRingColor(view->palette());
        const auto ringPixels = [&] {
            const QImage image = view->viewport()->grab().toImage();
            const QRect row = view->visualRect(view->currentIndex());
            int n = 0;
            for (int x = row.left() + 6; x < row.right() - 6; ++x) {
                const QColor c = image.pixelColor(x, row.top() + 1);
                n += qAbs(c.red() - ring.red()) + qAbs(c.green() - ring.green())
                        + qAbs(c.blue() - ring.blue())
                    < 60;
            }
            return n;
        };
        window.filterField()->setFocus();
        QTRY_VERIFY(window.filterField()->hasFocus());
        QCOMPARE(ringPixels(), 0);
        view->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(view->hasFocus());
        QVERIFY2(ringPixels() > view->visualRect(view->currentIndex()).width() / 2,
                 qPrintable(QString::number(ringPixels())));
    }
};

QTEST_MAIN(TestContactList)
#include "tst_contactlist.moc"
