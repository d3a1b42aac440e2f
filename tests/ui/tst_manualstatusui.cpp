// Manual status in the desktop app (DESIGN.md §10), with the real widgets against a real
// embedded PresenceServer on 127.0.0.1 (port 0) and a ManualClock shared by the server and the
// clients: the status menu changes our status and another client (ClientSession) sees it; the
// DND badge has a shape; the status message shows under the name in the list, the chat header
// and the profile; a message set with "Clear after" disappears when the clock reaches
// expires_at; Do not disturb silences notifications; approximate last seen in the privacy
// dialog, worded in the viewer's language. Screenshots of the changed windows go to
// ${SF_BUILD_DIR}/screenshots/status-*.png.
#include "badgewidgets.h"
#include "chatpane.h"
#include "client/clientsession.h"
#include "contactlistmodel.h"
#include "core/clock.h"
#include "dialogs.h"
#include "elidedlabel.h"
#include "mainwindow.h"
#include "notifier.h"
#include "presencebadge.h"
#include "server/presencehub.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "statusmenu.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestManualStatusUi : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_shots;
    ManualClock *m_clock = nullptr;
    std::unique_ptr<PresenceServer> m_server;
    std::unique_ptr<SessionBackend> m_backend;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ClientSession> m_bob;
    UserId m_alice = 0, m_bobId = 0, m_carol = 0;
    QString m_aliceToken, m_bobToken, m_carolToken;

    ClientOptions clientOptions(const QLocale &locale
                                = QLocale(QLocale::English, QLocale::UnitedKingdom)) const
    {
        ClientOptions o;
        o.serverUrl = m_server->url();
        o.clock = m_clock;
        o.cachePath = QStringLiteral(":memory:");
        StatusTextOptions text;
        text.locale = locale;
        text.zone = QTimeZone::utc();
        o.text = text;
        o.followNetworkChanges = false;
        return o;
    }
    QVariant rowData(UserId id, int role) const
    {
        ContactListModel *model = m_window->contactModel();
        return model->index(model->rowOf(id)).data(role);
    }
    //! Bob's view of Alice, as his presence cache holds it.
    std::optional<PresenceView> bobSeesAlice() const { return m_bob->presence()->view(m_alice); }
    QAction *statusAction(const char *name) const
    {
        const auto actions = m_window->statusButton()->menu()->actions();
        for (QAction *a : actions) {
            if (a->objectName() == QLatin1String(name))
                return a;
        }
        return nullptr;
    }
    void shoot(QWidget *w, const char *name)
    {
        const QString file
            = m_shots + QStringLiteral("/status-") + QLatin1String(name) + QStringLiteral(".png");
        QVERIFY(w->grab().save(file));
        qInfo("wrote %s", qPrintable(file));
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        QApplication::setStyle(QStringLiteral("Fusion"));
        QVERIFY(m_dir.isValid());
        m_shots = Test::buildDir() + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(m_shots));
        // 2026-11-28 12:00 UTC, a Saturday
        m_clock = new ManualClock(
            QDateTime(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch(),
            this);
        ServerConfig config;
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        config.databasePath = m_dir.filePath(QStringLiteral("status.sqlite"));
        config.textZone = QTimeZone::utc();
        m_server = std::make_unique<PresenceServer>(config, m_clock);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ServerStore *store = m_server->store();
        const auto alice
            = store->createUser(QStringLiteral("alice"), QStringLiteral("Alice Smith"), {});
        const auto bob = store->createUser(QStringLiteral("bob"), QStringLiteral("Bob Jones"), {});
        const auto carol
            = store->createUser(QStringLiteral("carol"), QStringLiteral("Carol King"), {});
        QVERIFY(alice && bob && carol);
        m_alice = alice->id;
        m_bobId = bob->id;
        m_carol = carol->id;
        store->addContact(m_alice, m_bobId);
        store->addContact(m_bobId, m_alice);
        m_aliceToken = store->issueToken(m_alice);
        m_bobToken = store->issueToken(m_bobId);
        m_carolToken = store->issueToken(m_carol);

        m_backend = std::make_unique<SessionBackend>(clientOptions());
        m_window = std::make_unique<MainWindow>(m_backend.get());
        m_window->setCloseToTray(false);
        m_window->resize(960, 640);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_backend->signInWithToken(m_aliceToken);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->contactModel()->rowCount(), 1, 10000);

        m_bob = std::make_unique<ClientSession>(clientOptions());
        m_bob->signInWithToken(m_bobToken);
        QTRY_COMPARE_WITH_TIMEOUT(
            rowData(m_bobId, ContactListModel::StateRole).value<PresenceState>(),
            PresenceState::Online, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(bobSeesAlice() && bobSeesAlice()->state == PresenceState::Online,
                                 10000);
        // Bob's contact list (GET /api/contacts, with presence) is in: an answer still on its
        // way could otherwise overwrite a newer push in his cache (see the closing note).
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->contacts().size(), 1, 10000);
        QCOMPARE(bobSeesAlice()->availability, std::optional<QString>(QStringLiteral("auto")));
    }

    void cleanupTestCase()
    {
        m_bob.reset();
        m_window.reset();
        m_backend.reset();
        if (m_server)
            m_server->stop();
    }

    void menuOffersTheThreeChoicesCheckedAsTheServerSays()
    {
        QToolButton *button = m_window->statusButton();
        QVERIFY(button);
        QVERIFY(button->menu());
        QCOMPARE(button->accessibleName(), QStringLiteral("Your status"));
        QAction *autoAction = statusAction("statusAuto");
        QAction *dnd = statusAction("statusDnd");
        QAction *invisible = statusAction("statusInvisible");
        QVERIFY(autoAction && dnd && invisible);
        QVERIFY(autoAction->isCheckable() && dnd->isCheckable() && invisible->isCheckable());
        QTRY_VERIFY(autoAction->isChecked());
        QVERIFY(!dnd->isChecked() && !invisible->isChecked());
        QCOMPARE(button->text(), QStringLiteral("Automatic"));
        QVERIFY(statusAction("statusSetMessage"));
        QVERIFY(!statusAction("statusClearMessage")->isEnabled()); // no message to clear
    }

    void menuSetsDndAndAnotherClientSeesIt()
    {
        QAction *dnd = statusAction("statusDnd");
        QSignalSpy changed(m_backend.get(), &ChatBackend::ownStatusChanged);
        dnd->trigger();
        // The check follows the server's answer, not the click.
        QVERIFY(!dnd->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(dnd->isChecked(), 10000);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(m_backend->ownStatus().availability, Availability::Dnd);
        QCOMPARE(m_window->statusButton()->text(), QStringLiteral("Do not disturb"));
        // Bob's client sees Alice online with availability dnd.
        QTRY_COMPARE_WITH_TIMEOUT(bobSeesAlice()->availability,
                                  std::optional<QString>(QStringLiteral("dnd")), 10000);
        QCOMPARE(bobSeesAlice()->state, PresenceState::Online);
        // Our own badge carries the bar, and says so to a screen reader.
        QTRY_COMPARE(m_window->selfBadge()->availability(), Availability::Dnd);
        QCOMPARE(m_window->selfBadge()->accessibleName(),
                 QStringLiteral("Presence: Online, do not disturb"));
        QVERIFY(m_window->notifier()->isSilenced());
    }

    void restoredFromApiMeAfterSignIn()
    {
        // A second copy of the app signing in as Alice shows the status the server keeps.
        SessionBackend backend(clientOptions());
        MainWindow window(&backend);
        window.setCloseToTray(false);
        QSignalSpy changed(&backend, &ChatBackend::ownStatusChanged);
        backend.signInWithToken(m_aliceToken);
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
        QCOMPARE(backend.ownStatus().availability, Availability::Dnd);
        QVERIFY(window.statusActions()->action(Availability::Dnd)->isChecked());
        QCOMPARE(window.statusButton()->text(), QStringLiteral("Do not disturb"));
        backend.session()->disconnectFromServer();
    }

    void dndBadgeHasAShape()
    {
        // Not only a colour: the DND dot has a bar of the background colour across its middle.
        QPalette palette;
        palette.setColor(QPalette::Base, Qt::white);
        palette.setColor(QPalette::Window, Qt::white);
        auto render = [&palette](Availability availability) {
            QImage image(64, 64, QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter p(&image);
            PresenceBadge::paint(&p, QRectF(0, 0, 64, 64), PresenceState::Online, palette,
                                 availability);
            p.end();
            return image;
        };
        const QImage online = render(Availability::Auto);
        const QImage dnd = render(Availability::Dnd);
        QCOMPARE(online.pixelColor(32, 32), PresenceBadge::color(PresenceState::Online, palette));
        QCOMPARE(dnd.pixelColor(32, 32), QColor(Qt::white)); // the bar
        QCOMPARE(dnd.pixelColor(32, 14), PresenceBadge::dndColor(palette)); // the disc above it
        QCOMPARE(dnd.pixelColor(32, 50), PresenceBadge::dndColor(palette)); // and below
        // Invisible (our own view only): a hollow ring.
        const QImage invisible = render(Availability::Invisible);
        QCOMPARE(invisible.pixelColor(32, 32), QColor(Qt::white));
        QVERIFY(invisible.pixelColor(32, 2) != QColor(Qt::white));
    }

    void contactDndAndMessageUnderTheName()
    {
        const QString message = QStringLiteral("In a meeting until 3");
        QSignalSpy answered(m_bob.get(), &ClientSession::ownStatusChanged);
        m_bob->setStatus(Availability::Dnd, message, std::nullopt);
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            rowData(m_bobId, ContactListModel::AvailabilityRole).value<Availability>(),
            Availability::Dnd, 10000);
        QTRY_COMPARE(rowData(m_bobId, ContactListModel::StatusMessageRole).toString(), message);
        QCOMPARE(rowData(m_bobId, ContactListModel::StatusTextRole).toString(),
                 QStringLiteral("online"));
        const QString tip = rowData(m_bobId, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("Do not disturb")) && tip.contains(message),
                 qPrintable(tip));
        QCOMPARE(rowData(m_bobId, Qt::AccessibleTextRole).toString(),
                 QStringLiteral("Bob Jones, online, Do not disturb, “In a meeting until 3”"));

        // The chat header: the badge, "online — Do not disturb", the message on its own line.
        m_window->openChat(m_bobId);
        ChatPane *pane = m_window->chatPane();
        QCOMPARE(pane->badge()->availability(), Availability::Dnd);
        QCOMPARE(pane->statusLabel()->fullText(), QStringLiteral("online — Do not disturb"));
        QTRY_VERIFY(pane->statusMessageLabel()->isVisible());
        QCOMPARE(pane->statusMessageLabel()->fullText(), message);

        // The profile.
        const ContactEntry *bob = m_window->contactModel()->contact(m_bobId);
        QVERIFY(bob);
        ProfileDialog profile(m_backend.get(), *bob, m_window.get());
        profile.show();
        QVERIFY(QTest::qWaitForWindowExposed(&profile));
        QCOMPARE(profile.statusMessageLabel()->text(), message);
        QVERIFY(profile.statusMessageLabel()->isVisible());
        shoot(&profile, "profile");
        shoot(m_window.get(), "window");
    }

    void longMessageIsElidedWithTheFullTextInTheTooltip()
    {
        // 100 characters, the most the server takes: the header ends it in "…".
        QString message;
        while (message.size() < 100)
            message += QStringLiteral("Very long status message ");
        message = message.left(100).trimmed();
        QSignalSpy answered(m_bob.get(), &ClientSession::ownStatusChanged);
        m_bob->setStatus(Availability::Dnd, message, std::nullopt);
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty(), 10000);
        ChatPane *pane = m_window->chatPane();
        QTRY_COMPARE_WITH_TIMEOUT(pane->statusMessageLabel()->fullText(), message, 10000);
        m_window->resize(800, 600);
        QTRY_VERIFY(pane->statusMessageLabel()->isElided());
        QCOMPARE(pane->statusMessageLabel()->toolTip(), message);
        QVERIFY(pane->statusMessageLabel()->width() <= pane->width());
        shoot(m_window.get(), "window-long-message");
        m_window->resize(960, 640);
    }

    void contactMessageClearsAtItsExpiry()
    {
        // Bob: "Lunch" for 30 minutes. Gone from Alice's list exactly at expires_at.
        const qint64 expires = m_clock->nowMs() + 30 * 60 * 1000;
        QSignalSpy answered(m_bob.get(), &ClientSession::ownStatusChanged);
        m_bob->setStatus(Availability::Auto, QStringLiteral("Lunch"), expires);
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(rowData(m_bobId, ContactListModel::StatusMessageRole).toString(),
                                  QStringLiteral("Lunch"), 10000);
        QCOMPARE(rowData(m_bobId, ContactListModel::AvailabilityRole).value<Availability>(),
                 Availability::Auto);
        m_clock->advance(30 * 60 * 1000 - 1);
        // One ms early nothing has changed: what the server would tell Alice now.
        QCOMPARE(m_server->hub()->presenceFor(m_alice, m_bobId, {}).statusMessage,
                 std::optional<QString>(QStringLiteral("Lunch")));
        m_clock->advance(1);
        QTRY_COMPARE_WITH_TIMEOUT(rowData(m_bobId, ContactListModel::StatusMessageRole).toString(),
                                  QString(), 10000);
        QVERIFY(!m_window->chatPane()->statusMessageLabel()->isVisible());
    }

    void messageDialogChecksTheLimits()
    {
        statusAction("statusSetMessage")->trigger();
        StatusMessageDialog *dialog = m_window->statusMessageDialog();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QLineEdit *field = dialog->messageField();
        QCOMPARE(dialog->counterLabel()->text(), QStringLiteral("0/100"));
        // 101 characters: refused here already, with the counter saying why.
        field->setText(QString(101, QLatin1Char('x')));
        QCOMPARE(dialog->counterLabel()->text(), QStringLiteral("101/100"));
        QVERIFY(!dialog->saveButton()->isEnabled());
        QVERIFY(dialog->errorLabel()->isVisible());
        // 100 emoji are 200 UTF-16 units but 100 characters: allowed.
        QString emoji;
        for (int i = 0; i < 100; ++i)
            emoji += QString::fromUcs4(U"\U0001F600", 1);
        field->setText(emoji);
        QCOMPARE(dialog->counterLabel()->text(), QStringLiteral("100/100"));
        QVERIFY(dialog->saveButton()->isEnabled());
        // Control characters (a tab, a bidi override) are refused, like the server does.
        field->setText(QStringLiteral("a\tb"));
        QVERIFY(!dialog->saveButton()->isEnabled());
        field->setText(QString(QStringLiteral("abc") + QChar(0x202E) + QStringLiteral("def")));
        QVERIFY(!dialog->saveButton()->isEnabled());
        QCOMPARE(dialog->errorLabel()->text(),
                 QStringLiteral("Line breaks, tabs and other invisible characters are not "
                                "allowed."));
        field->setText(QStringLiteral("Back at two"));
        QVERIFY(dialog->saveButton()->isEnabled());
        QVERIFY(!dialog->errorLabel()->isVisible());
        shoot(dialog, "message-dialog");
        dialog->reject();
        QTRY_VERIFY(!m_window->statusMessageDialog());
        QVERIFY(m_backend->ownStatus().message.isEmpty()); // Cancel changed nothing
    }

    void ownMessageFromTheDialogExpires()
    {
        statusAction("statusSetMessage")->trigger();
        StatusMessageDialog *dialog = m_window->statusMessageDialog();
        QVERIFY(dialog);
        QTest::keyClicks(dialog->messageField(), QStringLiteral("Focus time"));
        QCOMPARE(dialog->counterLabel()->text(), QStringLiteral("10/100"));
        QComboBox *clearAfter = dialog->clearAfterBox();
        clearAfter->setCurrentIndex(clearAfter->findData(int(ClearAfter::OneHour)));
        const qint64 expected = m_clock->nowMs() + 60 * 60 * 1000;
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        // Closed by the server's answer.
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->statusMessageDialog(), 10000);
        QCOMPARE(m_backend->ownStatus().message, QStringLiteral("Focus time"));
        QCOMPARE(m_backend->ownStatus().expiresAtMs, std::optional<qint64>(expected));
        QCOMPARE(m_backend->ownStatus().availability, Availability::Dnd); // unchanged
        QCOMPARE(m_window->statusButton()->text(), QStringLiteral("Do not disturb · Focus time"));
        QVERIFY(statusAction("statusClearMessage")->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(bobSeesAlice()->statusMessage,
                                  std::optional<QString>(QStringLiteral("Focus time")), 10000);

        // An hour later the server reverts to auto, no message: Bob sees it, and so do we.
        m_clock->advance(60 * 60 * 1000);
        QTRY_COMPARE_WITH_TIMEOUT(bobSeesAlice()->statusMessage, std::optional<QString>(), 10000);
        QCOMPARE(bobSeesAlice()->availability, std::optional<QString>(QStringLiteral("auto")));
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->ownStatus().message, QString(), 10000);
        QCOMPARE(m_backend->ownStatus().availability, Availability::Auto);
        QTRY_COMPARE(m_window->statusButton()->text(), QStringLiteral("Automatic"));
        QVERIFY(statusAction("statusAuto")->isChecked());
        QVERIFY(!m_window->notifier()->isSilenced());
    }

    void clearButtonRemovesTheMessage()
    {
        statusAction("statusSetMessage")->trigger();
        StatusMessageDialog *dialog = m_window->statusMessageDialog();
        QVERIFY(dialog);
        dialog->messageField()->setText(QStringLiteral("Brb"));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->ownStatus().message, QStringLiteral("Brb"), 10000);
        QCOMPARE(m_backend->ownStatus().expiresAtMs, std::optional<qint64>()); // "Never"
        statusAction("statusSetMessage")->trigger();
        dialog = m_window->statusMessageDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->messageField()->text(), QStringLiteral("Brb")); // pre-filled
        QTest::mouseClick(dialog->clearButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->ownStatus().message, QString(), 10000);
        QTRY_VERIFY(!m_window->statusMessageDialog());
        QTRY_COMPARE_WITH_TIMEOUT(bobSeesAlice()->statusMessage, std::optional<QString>(), 10000);
    }

    void refusalInPlainWords()
    {
        // A status the server refuses (an expires_at already past): the menu keeps the
        // server's state and the status bar says why in plain words.
        QSignalSpy refused(m_backend.get(), &ChatBackend::ownStatusRefused);
        m_backend->setOwnStatus(Availability::Dnd, QStringLiteral("x"), m_clock->nowMs() - 1000);
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 10000);
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(
            QStringLiteral("The server did not accept this status")));
        QVERIFY(statusAction("statusAuto")->isChecked());
        QCOMPARE(m_backend->ownStatus().availability, Availability::Auto);
    }

    void dndSilencesNotifications()
    {
        Notifier *notifier = m_window->notifier();
        QSignalSpy notified(notifier, &Notifier::notified);
        QSignalSpy silenced(notifier, &Notifier::silenced);
        m_window->hide(); // a message now would show a tray balloon and flash the taskbar
        m_bob->sendMessage(m_alice, QStringLiteral("Are you there?"));
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 10000);
        QCOMPARE(notified.at(0).at(0).toString(), QStringLiteral("New message from Bob Jones"));
        QCOMPARE(silenced.size(), 0);

        statusAction("statusDnd")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(notifier->isSilenced(), 10000);
        m_bob->sendMessage(m_alice, QStringLiteral("Still there?"));
        QTRY_COMPARE_WITH_TIMEOUT(silenced.size(), 1, 10000);
        QCOMPARE(silenced.at(0).at(1).toString(), QStringLiteral("Still there?"));
        QCOMPARE(notified.size(), 1); // nothing shown while DND

        statusAction("statusAuto")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!notifier->isSilenced(), 10000);
        m_bob->sendMessage(m_alice, QStringLiteral("Now?"));
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 2, 10000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void invisibleFromTheMenuAndBack()
    {
        statusAction("statusInvisible")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->ownStatus().availability, Availability::Invisible,
                                  10000);
        // Bob sees Alice as if she had left; she sees herself invisible (a hollow ring).
        QTRY_VERIFY_WITH_TIMEOUT(!bobSeesAlice()->isOnline, 10000);
        QVERIFY(bobSeesAlice()->state != PresenceState::Online);
        QCOMPARE(bobSeesAlice()->availability, std::optional<QString>(QStringLiteral("auto")));
        QTRY_COMPARE(m_window->selfBadge()->availability(), Availability::Invisible);
        QCOMPARE(m_window->selfBadge()->accessibleName(),
                 QStringLiteral("Presence: Invisible to others"));
        QCOMPARE(m_window->statusButton()->text(), QStringLiteral("Invisible"));
        shoot(m_window.get(), "window-invisible");

        statusAction("statusAuto")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(bobSeesAlice()->isOnline, 10000);
        QCOMPARE(bobSeesAlice()->state, PresenceState::Online);
        QTRY_COMPARE(m_window->selfBadge()->availability(), Availability::Auto);
    }

    void statusMenuScreenshot()
    {
        QMenu *menu = m_window->statusButton()->menu();
        menu->popup(m_window->statusButton()->mapToGlobal(QPoint(0, 0)));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        shoot(menu, "menu");
        menu->hide();
    }

    void privacyApproximateLastSeen()
    {
        // The privacy dialog has the exact/approximate choice; Alice picks approximate.
        bool handled = false;
        QTimer::singleShot(0, this, [&handled] {
            QTRY_VERIFY(qobject_cast<PrivacyDialog *>(QApplication::activeModalWidget()));
            auto *dialog = qobject_cast<PrivacyDialog *>(QApplication::activeModalWidget());
            auto *exact = dialog->findChild<QRadioButton *>(QStringLiteral("lastSeenExact"));
            auto *approximate
                = dialog->findChild<QRadioButton *>(QStringLiteral("lastSeenApproximate"));
            QVERIFY(exact && approximate);
            QVERIFY(exact->isChecked()); // the default
            QVERIFY(approximate->accessibleDescription().contains(
                QStringLiteral("Last seen recently")));
            QVERIFY(dialog->grab().save(Test::buildDir()
                                        + QStringLiteral("/screenshots/status-privacy.png")));
            approximate->click();
            dialog->accept();
            handled = true;
        });
        QSignalSpy changed(m_backend.get(), &ChatBackend::ownStatusChanged);
        m_window->showPrivacy();
        QVERIFY(handled);
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->ownStatus().lastSeen, LastSeenPrecision::Approximate,
                                  10000);

        // Alice leaves: Bob gets no time, only the bucket text; a German viewer gets it in
        // German although the text came from the server.
        m_backend->session()->disconnectFromServer();
        QTRY_VERIFY_WITH_TIMEOUT(!bobSeesAlice()->isOnline, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(bobSeesAlice()->text, QStringLiteral("Last seen recently"),
                                  10000);
        QCOMPARE(bobSeesAlice()->state, PresenceState::LastSeen);
        QVERIFY(!bobSeesAlice()->lastActiveLocalMs);

        ClientSession carol(clientOptions(QLocale(QLocale::German, QLocale::Germany)));
        QSignalSpy carolIn(&carol, &ClientSession::signedIn);
        carol.signInWithToken(m_carolToken);
        QVERIFY(carolIn.wait(10000));
        carol.refreshPresence(m_alice);
        QTRY_VERIFY_WITH_TIMEOUT(carol.presence()->view(m_alice), 10000);
        QCOMPARE(carol.presence()->view(m_alice)->text,
                 QStringLiteral("Zuletzt gesehen vor Kurzem"));

        // Four days later: "within a week" (as Bob's next read gets it).
        m_clock->advance(4LL * 24 * 60 * 60 * 1000);
        m_bob->refreshPresence(m_alice);
        QTRY_COMPARE_WITH_TIMEOUT(bobSeesAlice()->text, QStringLiteral("Last seen within a week"),
                                  10000);
        m_backend->signInWithToken(m_aliceToken);
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->connectionState(), ConnectionState::Connected, 10000);
    }
};

QTEST_MAIN(TestManualStatusUi)
#include "tst_manualstatusui.moc"
