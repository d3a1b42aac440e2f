// Privacy (DESIGN.md §3): every visibility against every kind of viewer.
#include "core/presenceinfo.h"
#include "core/privacy.h"

#include <QJsonDocument>
#include <QTest>

using namespace SmartFixer;

class TestPrivacy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void maySee_data();
    void maySee();
    void hiddenObjectLeaksNothing();
    void names();
};

namespace {
constexpr UserId Owner = 7;
constexpr UserId Contact = 8;
constexpr UserId Stranger = 9;
} // namespace

void TestPrivacy::maySee_data()
{
    QTest::addColumn<Visibility>("visibility");
    QTest::addColumn<UserId>("viewer");
    QTest::addColumn<bool>("expected");

    const struct
    {
        const char *name;
        UserId id;
    } viewers[]
        = {{"self", Owner}, {"contact", Contact}, {"stranger", Stranger}, {"unauthenticated", 0}};
    const struct
    {
        Visibility v;
        bool self, contact, stranger;
    } rules[] = {{Visibility::Everyone, true, true, true},
                 {Visibility::Contacts, true, true, false},
                 {Visibility::Nobody, true, false, false}};
    for (const auto &rule : rules) {
        for (const auto &viewer : viewers) {
            const bool expected = viewer.id == Owner ? rule.self
                : viewer.id == Contact               ? rule.contact
                : viewer.id == Stranger              ? rule.stranger
                                                     : false;
            QTest::addRow("%s sees %s", viewer.name, qPrintable(visibilityName(rule.v)))
                << rule.v << viewer.id << expected;
        }
    }
}

void TestPrivacy::maySee()
{
    QFETCH(Visibility, visibility);
    QFETCH(UserId, viewer);
    QFETCH(bool, expected);
    // The owner's contact list holds Contact; the stranger lists the owner, which must not
    // matter: privacy follows the owner's list, not the viewer's.
    const QSet<UserId> ownerContacts{Contact};
    QCOMPARE(maySeePresence(Owner, visibility, ownerContacts, viewer), expected);
}

void TestPrivacy::hiddenObjectLeaksNothing()
{
    const QJsonObject o = PresenceInfo::hidden(42).toJson();
    const QJsonObject expected
        = QJsonDocument::fromJson(
              R"({"user_id":42,"is_online":false,"state":"hidden","status":"Presence hidden",)"
              R"("last_active":null,"last_active_ago_ms":null,)"
              // DESIGN.md §10: both keys present and null when hidden
              R"("availability":null,"status_message":null})")
              .object();
    QCOMPARE(o, expected);
}

void TestPrivacy::names()
{
    for (auto v : {Visibility::Everyone, Visibility::Contacts, Visibility::Nobody})
        QCOMPARE(visibilityFromName(visibilityName(v)), v);
    QVERIFY(!visibilityFromName(u"friends"));
}

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
