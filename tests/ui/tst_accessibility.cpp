// Accessibility and keyboard: every control that takes focus in the main window and the
// dialogs has an accessible name (or a visible text / label buddy a screen reader uses), and
// the documented shortcuts exist.
#include "chatbackend.h"
#include "chatpane.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "statusmenu.h"
#include "testsupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

namespace {
// A backend with nobody signed in: enough to build every widget, no network.
class OfflineBackend final : public ChatBackend
{
public:
    using ChatBackend::ChatBackend;
    QUrl serverUrl() const override { return QUrl(QStringLiteral("http://127.0.0.1:8765")); }
    void setServerUrl(const QUrl &) override { }
    void signIn(const QString &, const QString &) override { }
    void signInWithToken(const QString &) override { }
    void registerAccount(const QString &, const QString &, const QString &) override { }
    void signOut() override { }
    UserId selfId() const override { return 1; }
    QString selfName() const override { return QStringLiteral("Tester"); }
    ConnectionState connectionState() const override { return ConnectionState::Disconnected; }
    QString connectionText() const override { return QStringLiteral("Offline"); }
    int retryInMs() const override { return 0; }
    QList<ContactEntry> contacts() const override
    {
        ContactEntry c;
        c.id = 2;
        c.username = QStringLiteral("bob");
        c.displayName = QStringLiteral("Bob");
        c.presence.userId = 2;
        c.presence.status = QStringLiteral("Last seen a long time ago");
        return {c};
    }
    std::optional<PresenceInfo> presence(UserId) const override { return std::nullopt; }
    void searchUsers(const QString &) override { }
    void addContact(UserId) override { }
    void removeContact(UserId) override { }
    void reconnectNow() override { }
    QList<MessageItem> history(UserId) const override { return {}; }
    void loadHistory(UserId) override { }
    QString sendMessage(UserId, const QString &) override { return {}; }
    void sendTyping(UserId) override { }
    void reportActivity() override { }
    Visibility visibility() const override { return Visibility::Everyone; }
    void setVisibility(Visibility) override { }
};

QStringList unnamedControls(QWidget *root)
{
    QSet<QWidget *> buddied;
    const auto labels = root->findChildren<QLabel *>();
    for (QLabel *l : labels) {
        if (l->buddy())
            buddied.insert(l->buddy());
    }
    QStringList missing;
    const auto widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (w->focusPolicy() == Qt::NoFocus || !w->isVisibleTo(root))
            continue;
        if (!w->accessibleName().isEmpty() || buddied.contains(w))
            continue;
        if (auto *b = qobject_cast<QAbstractButton *>(w); b && !b->text().isEmpty())
            continue;
        // The line edit inside a spin box or editable combo box belongs to its named parent.
        if (w->parentWidget() && !w->parentWidget()->accessibleName().isEmpty()
            && (w->parentWidget()->inherits("QAbstractSpinBox")
                || w->parentWidget()->inherits("QComboBox")))
            continue;
        missing << QString::fromLatin1(w->metaObject()->className()) + QLatin1Char(' ')
                + w->objectName();
    }
    return missing;
}
} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void mainWindowControlsAreNamed()
    {
        OfflineBackend backend;
        MainWindow w(&backend);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openChat(2);
        const QStringList missing = unnamedControls(&w);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }

    void dialogsControlsAreNamed()
    {
        OfflineBackend backend;
        LoginDialog login(&backend, {});
        PrivacyDialog privacy(Visibility::Contacts);
        PreferencesDialog prefs(AppSettings{});
        AddContactDialog add(&backend);
        ProfileDialog profile(&backend, backend.contacts().constFirst());
        StatusMessageDialog status(QStringLiteral("In a meeting"));
        for (QDialog *d :
             std::initializer_list<QDialog *>{&login, &privacy, &prefs, &add, &profile, &status}) {
            d->show();
            const QStringList missing = unnamedControls(d);
            QVERIFY2(missing.isEmpty(),
                     qPrintable(d->windowTitle() + QStringLiteral(": ")
                                + missing.join(QStringLiteral(", "))));
        }
        QCOMPARE(privacy.visibility(), Visibility::Contacts);
    }

    void shortcuts()
    {
        OfflineBackend backend;
        MainWindow w(&backend);
        QSet<QString> keys;
        const auto actions = w.findChildren<QAction *>();
        for (QAction *a : actions)
            keys.insert(a->shortcut().toString(QKeySequence::PortableText));
        QVERIFY(keys.contains(QStringLiteral("Ctrl+F")));
        QVERIFY(keys.contains(QStringLiteral("Ctrl+N")));
        QVERIFY(keys.contains(QStringLiteral("Ctrl+I")));
        QVERIFY(keys.contains(QStringLiteral("Ctrl+Q")));

        // Ctrl+F focuses the filter; Enter in the composer sends.
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(w.filterField()->hasFocus());
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
