// The contact list model: roles, and that a presence update touches exactly one row.
#include "contactlistmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class TestContactModel : public QObject
{
    Q_OBJECT
private:
    static ContactEntry entry(UserId id, const QString &name, PresenceState state,
                              const QString &status)
    {
        ContactEntry c;
        c.id = id;
        c.username = name.toLower();
        c.displayName = name;
        c.presence.userId = id;
        c.presence.state = state;
        c.presence.isOnline = state == PresenceState::Online;
        c.presence.status = status;
        return c;
    }
    static QList<ContactEntry> sample()
    {
        return {entry(1, QStringLiteral("Ada Lovelace"), PresenceState::Online,
                      QStringLiteral("online")),
                entry(2, QStringLiteral("Bob"), PresenceState::Active,
                      QStringLiteral("Active 2 minutes ago")),
                entry(3, QStringLiteral("Chen Wei"), PresenceState::LastSeen,
                      QStringLiteral("Last seen today at 09:05")),
                entry(4, QStringLiteral("Dana"), PresenceState::Hidden,
                      QStringLiteral("Presence hidden"))};
    }

private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void roles()
    {
        ContactListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setContacts(sample());
        QCOMPARE(model.rowCount(), 4);
        const QModelIndex ada = model.index(0);
        QCOMPARE(ada.data(ContactListModel::UserIdRole).toLongLong(), 1);
        QCOMPARE(ada.data(Qt::DisplayRole).toString(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(ada.data(ContactListModel::InitialsRole).toString(), QStringLiteral("AL"));
        QCOMPARE(ada.data(ContactListModel::StateRole).value<PresenceState>(),
                 PresenceState::Online);
        QCOMPARE(model.index(3).data(ContactListModel::StatusTextRole).toString(),
                 QStringLiteral("Presence hidden"));
        QCOMPARE(model.index(1).data(ContactListModel::InitialsRole).toString(),
                 QStringLiteral("B"));
        QVERIFY(model.roleNames().values().contains("presenceState"));
        QCOMPARE(model.rowOf(3), 2);
        QCOMPARE(model.rowOf(99), -1);
    }

    void presenceUpdateChangesOneRow()
    {
        ContactListModel model;
        model.setContacts(sample());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QVERIFY(changed.isValid() && reset.isValid() && layout.isValid());

        PresenceInfo info = model.contact(3)->presence;
        info.state = PresenceState::Online;
        info.isOnline = true;
        info.status = QStringLiteral("online");
        QVERIFY(model.updatePresence(info));

        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(layout.size(), 0);
        const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
        const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
        QCOMPARE(topLeft.row(), 2);
        QCOMPARE(bottomRight.row(), 2);
        const auto roles = changed.at(0).at(2).value<QList<int>>();
        QVERIFY(roles.contains(ContactListModel::StateRole));
        QVERIFY(roles.contains(ContactListModel::StatusTextRole));
        QCOMPARE(model.index(2).data(ContactListModel::StateRole).value<PresenceState>(),
                 PresenceState::Online);
    }

    void agingTextOnlyTouchesTextRoles()
    {
        ContactListModel model;
        model.setContacts(sample());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        PresenceInfo info = model.contact(2)->presence;
        info.status = QStringLiteral("Active 3 minutes ago");
        QVERIFY(model.updatePresence(info));
        QCOMPARE(changed.size(), 1);
        const auto roles = changed.at(0).at(2).value<QList<int>>();
        QVERIFY(roles.contains(ContactListModel::StatusTextRole));
        QVERIFY(!roles.contains(ContactListModel::StateRole));
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    }

    void unchangedOrUnknownEmitsNothing()
    {
        ContactListModel model;
        model.setContacts(sample());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(!model.updatePresence(model.contact(1)->presence));
        PresenceInfo stranger;
        stranger.userId = 42;
        stranger.state = PresenceState::Online;
        QVERIFY(!model.updatePresence(stranger));
        QCOMPARE(changed.size(), 0);
    }

    void unreadAndInsert()
    {
        ContactListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setContacts(sample());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.incrementUnread(2);
        model.incrementUnread(2);
        QCOMPARE(model.unread(2), 2);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 1);
        model.addContact(entry(5, QStringLiteral("Eve"), PresenceState::LastSeen,
                               QStringLiteral("Last seen a long time ago")));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.rowOf(5), 4);
        // Re-adding an existing contact updates its row instead of duplicating it.
        model.addContact(entry(5, QStringLiteral("Eve Adams"), PresenceState::LastSeen,
                               QStringLiteral("Last seen a long time ago")));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(4).data().toString(), QStringLiteral("Eve Adams"));
    }
};

QTEST_MAIN(TestContactModel)
#include "tst_contactmodel.moc"
