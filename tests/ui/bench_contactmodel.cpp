// Benchmark: 5,000 contacts, then 1,000 presence updates through the model with a view and a
// filter proxy attached (what the main window has), as dataChanged for single rows.
#include "contactdelegate.h"
#include "contactlistmodel.h"
#include "testsupport.h"

#include <QListView>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace SmartFixer;
using namespace SmartFixer::Ui;

class BenchContactModel : public QObject
{
    Q_OBJECT
private:
    static QList<ContactEntry> contacts(int n)
    {
        QList<ContactEntry> list;
        list.reserve(n);
        for (int i = 1; i <= n; ++i) {
            ContactEntry c;
            c.id = i;
            c.username = QStringLiteral("user%1").arg(i);
            c.displayName = QStringLiteral("User Number %1").arg(i);
            c.presence.userId = i;
            c.presence.state = PresenceState::LastSeen;
            c.presence.status
                = QStringLiteral("Last seen today at 09:%1").arg(i % 60, 2, 10, QLatin1Char('0'));
            list.append(c);
        }
        return list;
    }

private Q_SLOTS:
    void initTestCase() { Test::initTestEnvironment(); }

    void load5000()
    {
        const QList<ContactEntry> list = contacts(5000);
        ContactListModel model;
        QBENCHMARK
        {
            model.setContacts(list);
        }
        QCOMPARE(model.rowCount(), 5000);
    }

    void updates1000()
    {
        ContactListModel model;
        model.setContacts(contacts(5000));
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        proxy.setFilterFixedString(QStringLiteral("user"));
        QListView view;
        ContactDelegate delegate;
        view.setItemDelegate(&delegate);
        view.setUniformItemSizes(true);
        view.setModel(&proxy);
        view.resize(320, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        int round = 0;
        QBENCHMARK
        {
            ++round;
            for (int i = 0; i < 1000; ++i) {
                // Spread over the whole list; alternate states so every update changes a row.
                PresenceInfo info;
                info.userId = 1 + (i * 7919) % 5000;
                info.state = (round + i) % 2 ? PresenceState::Online : PresenceState::Active;
                info.isOnline = info.state == PresenceState::Online;
                info.status = info.isOnline ? QStringLiteral("online")
                                            : QStringLiteral("Active %1 minutes ago").arg(round);
                model.updatePresence(info);
            }
            QCoreApplication::processEvents(); // let the view repaint what is visible
        }
    }
};

QTEST_MAIN(BenchContactModel)
#include "bench_contactmodel.moc"
