// DESIGN.md §12 and issue 11 item 8 in the real window against a real embedded server on
// 127.0.0.1 (port 0): ticks (sent, delivered, read in colour), unread counts from the server
// that clear when the chat is on screen (and tell the sender), the Chats tab, date lines,
// search that jumps to the message, the read-receipts switch, and message text that wraps at
// word boundaries, opens only http/https links and is never rich text. Screenshots go to
// ${SF_BUILD_DIR}/screenshots/.
#include "chatpane.h"
#include "client/clientsession.h"
#include "contactlistmodel.h"
#include "conversationsview.h"
#include "core/clock.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "server/presenceserver.h"
#include "sessionbackend.h"
#include "storage/store.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextLayout>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

//! Receives what QDesktopServices would open (no browser starts in a test).
class UrlSink : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

class TestConversationsUi : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    ManualClock *m_clock = nullptr;
    std::unique_ptr<PresenceServer> m_server;
    std::unique_ptr<SessionBackend> m_backend;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ClientSession> m_bob;
    UserId m_alice = 0, m_bobId = 0, m_carol = 0;
    QString m_outDir;
    UrlSink m_sink;

    ClientOptions clientOptions(const QString &cache) const
    {
        ClientOptions o;
        o.serverUrl = m_server->url();
        o.clock = m_clock;
        o.cachePath = m_dir.filePath(cache);
        o.followNetworkChanges = false;
        return o;
    }
    MessageModel *model() const { return m_window->chatPane()->messageModel(); }
    QModelIndex lastRow() const { return model()->index(model()->rowCount() - 1); }
    QString footerOfLast() const { return MessageDelegate::footerText(lastRow(), QLocale::c()); }
    void shot(const QString &name)
    {
        QVERIFY(m_window->grab().save(m_outDir + QLatin1Char('/') + name));
    }
    qint64 storeAt(UserId from, UserId to, const QString &text, const QDateTime &when)
    {
        const auto m
            = m_server->store()->storeMessage(from, to, text, {}, when.toMSecsSinceEpoch());
        return m ? m->row.id : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
        m_outDir = qEnvironmentVariable("SF_BUILD_DIR", QDir::tempPath())
            + QStringLiteral("/screenshots");
        QDir().mkpath(m_outDir);
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &m_sink, "open");
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_sink, "open");
        m_clock = new ManualClock(QDateTime::currentDateTimeUtc().toMSecsSinceEpoch(), this);
        ServerConfig config;
        config.port = 0;
        config.databasePath = m_dir.filePath(QStringLiteral("server.sqlite"));
        config.textZone = QTimeZone::utc();
        m_server = std::make_unique<PresenceServer>(config, m_clock);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ServerStore *store = m_server->store();
        const auto alice = store->createUser(QStringLiteral("alice"), QStringLiteral("Alice"), {});
        const auto bob = store->createUser(QStringLiteral("bob"), QStringLiteral("Bob Jones"), {});
        const auto carol = store->createUser(QStringLiteral("carol"), QStringLiteral("Carol"), {});
        QVERIFY(alice && bob && carol);
        m_alice = alice->id;
        m_bobId = bob->id;
        m_carol = carol->id;
        store->addContact(m_alice, m_bobId);
        store->addContact(m_alice, m_carol);
        store->addContact(m_bobId, m_alice);

        m_backend = std::make_unique<SessionBackend>(clientOptions(QStringLiteral("alice.sqlite")));
        m_window = std::make_unique<MainWindow>(m_backend.get());
        m_window->setCloseToTray(false);
        m_window->resize(800, 600);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_backend->signInWithToken(store->issueToken(m_alice));
        m_bob = std::make_unique<ClientSession>(clientOptions(QStringLiteral("bob.sqlite")));
        m_bob->signInWithToken(store->issueToken(m_bobId));
        QTRY_VERIFY(m_backend->connectionState() == ConnectionState::Connected);
        QTRY_VERIFY(m_bob->isConnected());
        QTRY_VERIFY(m_window->contactModel()->rowOf(m_bobId) >= 0);
        m_window->activateWindow();
        QTRY_VERIFY(m_window->isActiveWindow());
    }

    void unreadFromTheServerClearsOnScreenAndTellsTheSender()
    {
        m_window->openChat(m_carol);
        QSignalSpy got(m_backend.get(), &ChatBackend::messageReceived);
        m_bob->sendMessage(m_alice, QStringLiteral("Are you there?"));
        m_bob->sendMessage(m_alice, QStringLiteral("Lunch at noon?"));
        QTRY_COMPARE(got.size(), 2);
        QTRY_COMPARE(m_window->contactModel()->unread(m_bobId), 2);
        // The Chats tab lists bob first with the count and the preview.
        ConversationsView *chats = m_window->conversationsView();
        QTRY_VERIFY(chats->count() >= 1
                    && chats->item(0)->text().contains(QStringLiteral("2 unread")));
        QVERIFY(chats->item(0)->text().contains(QStringLiteral("Lunch at noon?")));
        m_window->leftTabs()->setCurrentWidget(chats);
        shot(QStringLiteral("chats-unread-800x600.png"));
        m_window->leftTabs()->setCurrentIndex(0);

        // Opening the chat (window active) reads both: bob's copies turn read.
        QSignalSpy ticks(m_bob->conversations(), &Conversations::receiptsChanged);
        m_window->openChat(m_bobId);
        QCOMPARE(m_window->contactModel()->unread(m_bobId), 0);
        QTRY_VERIFY(!ticks.isEmpty());
        QTRY_VERIFY(m_bob->history(m_alice).last().readAtMs.has_value());
        QTRY_VERIFY(!chats->item(0)->text().contains(QStringLiteral("unread")));
    }

    void ticksForDeliveredAndRead()
    {
        m_window->openChat(m_bobId);
        QSignalSpy bobGot(m_bob.get(), &ClientSession::messageReceived);
        m_window->chatPane()->composer()->setText(QStringLiteral("Yes, see you at noon"));
        QTest::keyClick(m_window->chatPane()->composer(), Qt::Key_Return);
        QTRY_COMPARE(bobGot.size(), 1);
        QTRY_VERIFY(footerOfLast().contains(QStringLiteral("✓✓ Delivered")));
        const qint64 id = bobGot.first().first().value<ChatMessage>().id;
        m_bob->conversations()->markRead(m_alice, id);
        QTRY_VERIFY(footerOfLast().contains(QStringLiteral("✓✓ Read")));
        QCOMPARE(lastRow().data(MessageModel::ReceiptRole).value<MessageModel::Receipt>(),
                 MessageModel::Receipt::Read);
        shot(QStringLiteral("chat-ticks-800x600.png"));
    }

    void readReceiptsSwitch()
    {
        PrivacyDialog dialog(Visibility::Everyone);
        dialog.setReadReceipts(m_backend->readReceipts());
        QVERIFY(dialog.readReceiptsBox()->isChecked());
        QSignalSpy changed(m_backend.get(), &ChatBackend::readReceiptsChanged);
        m_backend->setReadReceipts(false);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(m_backend->readReceipts(), false);
        PrivacyDialog again(Visibility::Everyone);
        again.setReadReceipts(m_backend->readReceipts());
        QVERIFY(!again.readReceiptsBox()->isChecked());
        // alice's next message is read by bob, but alice (receipts off) sees only ✓✓ Delivered.
        QSignalSpy bobGot(m_bob.get(), &ClientSession::messageReceived);
        m_backend->sendMessage(m_bobId, QStringLiteral("no receipts now"));
        QTRY_COMPARE(bobGot.size(), 1);
        QTRY_VERIFY(footerOfLast().contains(QStringLiteral("✓✓ Delivered")));
        m_bob->conversations()->markRead(m_alice, bobGot.first().first().value<ChatMessage>().id);
        bool acked = false;
        m_bob->reportActivity([&acked](const Result<QJsonValue> &) { acked = true; });
        QTRY_VERIFY(acked);
        QTest::qWait(0);
        QVERIFY(footerOfLast().contains(QStringLiteral("✓✓ Delivered")));
        m_backend->setReadReceipts(true);
        QTRY_COMPARE(changed.size(), 2);
    }

    void dateLinesAboveTheFirstMessageOfADay()
    {
        const QDate today = QDate::currentDate();
        const QDateTime noon(today, QTime(12, 0));
        storeAt(m_carol, m_alice, QStringLiteral("long ago"), noon.addDays(-400));
        storeAt(m_carol, m_alice, QStringLiteral("day before"), noon.addDays(-2));
        storeAt(m_carol, m_alice, QStringLiteral("yesterday 1"), noon.addDays(-1));
        storeAt(m_alice, m_carol, QStringLiteral("yesterday 2"), noon.addDays(-1).addSecs(60));
        storeAt(m_carol, m_alice, QStringLiteral("today"), noon);
        m_window->openChat(m_carol);
        QTRY_COMPARE(model()->rowCount(), 5);
        model()->setToday(today);
        const auto line = [this](int row) {
            return model()->index(row).data(MessageModel::DateSeparatorRole).toString();
        };
        QCOMPARE(line(0), QLocale().toString(noon.addDays(-400).date(), QLocale::LongFormat));
        QVERIFY(!line(1).isEmpty());
        QCOMPARE(line(2), QStringLiteral("Yesterday"));
        QCOMPARE(line(3), QString()); // same day as the one before
        QCOMPARE(line(4), QStringLiteral("Today"));
        QCOMPARE(MessageModel::dateLabel(QDate(2026, 1, 1), QDate(2026, 1, 2), QLocale::c()),
                 QStringLiteral("Yesterday"));
        m_window->chatPane()->messageView()->doItemsLayout();
        shot(QStringLiteral("chat-datelines-800x600.png"));
    }

    void searchJumpsToTheMessage()
    {
        m_window->openChat(m_carol);
        MessageSearchDialog dialog(m_backend.get(), m_carol, QStringLiteral("Carol"),
                                   m_window.get());
        dialog.show();
        dialog.queryField()->setText(QStringLiteral("LUNCH"));
        dialog.search();
        QTRY_COMPARE(dialog.results()->count(), 1);
        QVERIFY(dialog.results()->item(0)->text().contains(QStringLiteral("Lunch at noon?")));
        QVERIFY(dialog.stateLabel()->text().contains(QStringLiteral("1 message")));
        // Only the open conversation (carol): nothing about lunch there.
        dialog.onlyThisField()->setChecked(true);
        QTRY_COMPARE(dialog.stateLabel()->text(), QStringLiteral("No messages found."));
        dialog.onlyThisField()->setChecked(false);
        QTRY_COMPARE(dialog.results()->count(), 1);
        QVERIFY(dialog.grab().save(m_outDir + QStringLiteral("/search.png")));
        QSignalSpy jump(&dialog, &MessageSearchDialog::jumpTo);
        connect(&dialog, &MessageSearchDialog::jumpTo, m_window.get(),
                [this](UserId peer, qint64 id) {
                    m_window->openConversationWith(peer);
                    QVERIFY(m_window->chatPane()->scrollToMessage(id));
                });
        Q_EMIT dialog.results()->itemActivated(dialog.results()->item(0));
        QCOMPARE(jump.size(), 1);
        QCOMPARE(m_window->chatPane()->peer(), m_bobId);
        QCOMPARE(m_window->chatPane()->messageView()->currentIndex().data(MessageModel::TextRole),
                 QVariant(QStringLiteral("Lunch at noon?")));
    }

    void textIsPlainWrapsAtWordsAndOpensOnlyWebLinks()
    {
        m_window->openChat(m_bobId);
        QSignalSpy got(m_backend.get(), &ChatBackend::messageReceived);
        const QString tags = QStringLiteral("<b>x</b> <img src=\"http://127.0.0.1:9/x.png\">");
        m_bob->sendMessage(m_alice, tags);
        m_bob->sendMessage(m_alice, QStringLiteral("x"));
        const QString linkText = QStringLiteral("docs at https://example.org/a_b(c). or "
                                                "javascript:alert(1) file:///etc/passwd");
        m_bob->sendMessage(m_alice, linkText);
        QTRY_COMPARE(got.size(), 3);
        const int n = model()->rowCount();
        const QModelIndex tagRow = model()->index(n - 3);
        const QModelIndex xRow = model()->index(n - 2);
        const QModelIndex linkRow = model()->index(n - 1);
        QCOMPARE(tagRow.data(MessageModel::TextRole).toString(), tags);
        // Shown literally: the bubble is as wide as the characters, not as a bold "x" and an
        // image.
        QListView *view = m_window->chatPane()->messageView();
        auto *delegate = qobject_cast<MessageDelegate *>(view->itemDelegate());
        QVERIFY(delegate);
        QStyleOptionViewItem option;
        option.initFrom(view->viewport());
        option.widget = view;
        option.font = view->font();
        option.rect = view->visualRect(tagRow);
        const int tagWidth = delegate->bubbleRect(option, tagRow).width();
        option.rect = view->visualRect(xRow);
        const int xWidth = delegate->bubbleRect(option, xRow).width();
        const QFontMetrics fm(view->font());
        QVERIFY2(tagWidth - xWidth >= fm.horizontalAdvance(QStringLiteral("<b></b> <img src=")),
                 qPrintable(QStringLiteral("%1 vs %2").arg(tagWidth).arg(xWidth)));

        // Links: http/https only, trailing punctuation left out, balanced parentheses kept.
        const auto links = MessageDelegate::linksIn(linkText);
        QCOMPARE(links.size(), 1);
        QCOMPARE(links.first().url, QUrl(QStringLiteral("https://example.org/a_b(c)")));
        QVERIFY(
            MessageDelegate::linksIn(QStringLiteral("ftp://x.org javascript:x data:,x")).isEmpty());
        // A click on the link opens it (through QDesktopServices), a click beside it does not.
        view->scrollToBottom();
        QTest::qWait(0);
        option.rect = view->visualRect(linkRow);
        const QRect bubble = delegate->bubbleRect(option, linkRow);
        QPoint onLink;
        for (int x = bubble.left(); x < bubble.right() && onLink.isNull(); x += 2) {
            for (int y = bubble.top(); y < bubble.bottom() && onLink.isNull(); y += 2) {
                if (delegate->linkAt(option, linkRow, QPoint(x, y)).isValid())
                    onLink = QPoint(x, y);
            }
        }
        QVERIFY(!onLink.isNull());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, bubble.topLeft() + QPoint(2, 2));
        QCOMPARE(m_sink.opened.size(), 0);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, onLink);
        QTRY_COMPARE(m_sink.opened.size(), 1);
        QCOMPARE(m_sink.opened.first(), QUrl(QStringLiteral("https://example.org/a_b(c)")));
        shot(QStringLiteral("chat-links-800x600.png"));

        // Wrapping: words stay whole; only a token longer than the line breaks.
        const QString longUrl
            = QStringLiteral("see https://example.org/") + QString(300, QLatin1Char('a'));
        QTextLayout layout(longUrl, view->font());
        layoutPlainText(layout, 200);
        QVERIFY(layout.lineCount() > 2);
        // The first line ends at a break opportunity (after "see " or a "/" of the URL, as
        // Unicode line breaking allows), never inside a word; the 300 a's break anywhere.
        const QChar end = longUrl.at(layout.lineAt(0).textLength() - 1);
        QVERIFY2(end == QLatin1Char(' ') || end == QLatin1Char('/'), qPrintable(QString(end)));
        QVERIFY(layout.lineAt(1).textLength() > 10);
        const QString sentence = QStringLiteral("the quick brown fox jumps over the lazy dog again "
                                                "and again until the line wraps");
        QTextLayout words(sentence, view->font());
        layoutPlainText(words, 120);
        QVERIFY(words.lineCount() > 1);
        for (int i = 1; i < words.lineCount(); ++i) {
            const int start = words.lineAt(i).textStart();
            QCOMPARE(sentence.at(start - 1), QLatin1Char(' '));
        }
    }
};

QTEST_MAIN(TestConversationsUi)
#include "tst_conversationsui.moc"
