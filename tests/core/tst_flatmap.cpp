// FlatMap against QHash as the reference: the same answers after a random sequence of
// inserts, replacements, removes and takes; iteration in key order; exact equality.
#include "core/flatmap.h"

#include <QHash>
#include <QRandomGenerator>
#include <QString>
#include <QtTest>

using namespace SmartFixer;

class TestFlatMap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameAsQHash()
    {
        QRandomGenerator rng(42);
        FlatMap<qint64, int> flat;
        QHash<qint64, int> ref;
        for (int i = 0; i < 20000; ++i) {
            const qint64 key = rng.bounded(300);
            const int value = int(rng.bounded(1000));
            switch (rng.bounded(4)) {
            case 0:
            case 1:
                flat.insert(key, value);
                ref.insert(key, value);
                break;
            case 2:
                QCOMPARE(flat.remove(key), ref.remove(key));
                break;
            default:
                QCOMPARE(flat.take(key), ref.take(key));
                break;
            }
            QCOMPARE(flat.size(), ref.size());
            QCOMPARE(flat.contains(key), ref.contains(key));
            QCOMPARE(flat.value(key, -1), ref.value(key, -1));
        }
        qint64 previous = -1;
        for (const auto &[key, value] : flat) {
            QVERIFY(key > previous); // sorted, no duplicates
            previous = key;
            QCOMPARE(value, ref.value(key));
        }
    }

    void stringKeysAndEquality()
    {
        FlatMap<QString, int> a;
        QVERIFY(a.isEmpty());
        QCOMPARE(a.find(QStringLiteral("x")), nullptr);
        a.insert(QStringLiteral("node2"), 2);
        a.insert(QStringLiteral("node1"), 1);
        a.insert(QStringLiteral("node2"), 3); // replaced, not added
        QCOMPARE(a.size(), 2);
        QCOMPARE(*a.find(QStringLiteral("node2")), 3);
        QCOMPARE(a.begin()->first, QStringLiteral("node1"));
        FlatMap<QString, int> b;
        b.insert(QStringLiteral("node1"), 1);
        QVERIFY(a != b);
        b.insert(QStringLiteral("node2"), 3);
        QVERIFY(a == b);
        QCOMPARE(b.take(QStringLiteral("node1")), 1);
        QCOMPARE(b.take(QStringLiteral("node1")), 0); // gone: the default
        QVERIFY(!b.remove(QStringLiteral("node1")));
        b.clear();
        QVERIFY(b.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFlatMap)
#include "tst_flatmap.moc"
