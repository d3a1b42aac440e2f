// HTTP fuzz smoke test, every ctest run: the seed corpus tests/fuzz/http-corpus plus 4,000
// deterministic mutations go through the guard properties of httpcheck.h, and 300 of them are
// sent as raw bytes to a real PresenceServer on 127.0.0.1 port 0, which must keep answering a
// well-formed client. The real fuzzer is fuzz_http (SMARTFIXER_FUZZ).
#include "httpcheck.h"
#include "serverfixture.h"
#include "testsupport.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>

using namespace SmartFixer;

class TestHttpFuzzSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        const QDir dir(Test::sourceDir() + QStringLiteral("/tests/fuzz/http-corpus"));
        const QStringList names = dir.entryList(QDir::Files, QDir::Name);
        for (const QString &name : names) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            corpus.append(f.readAll());
        }
        QVERIFY2(corpus.size() >= 8, "the seed corpus tests/fuzz/http-corpus is missing");
        QRandomGenerator rng(20261201); // deterministic
        const QByteArray interesting[] = {"\r\n",
                                          "\n",
                                          "\r",
                                          ":",
                                          " ",
                                          "\t",
                                          "%2f",
                                          "%00",
                                          "%",
                                          "Content-Length: 5\r\n",
                                          "Transfer-Encoding: chunked\r\n",
                                          "Host: evil.example\r\n",
                                          "Origin: null\r\n",
                                          "Connection: close\r\n",
                                          "HTTP/1.0",
                                          "\xff",
                                          "\0"};
        for (int round = 0; round < 4000; ++round) {
            QByteArray input = corpus.at(rng.bounded(int(corpus.size())));
            const int edits = 1 + rng.bounded(4);
            for (int e = 0; e < edits; ++e) {
                const int pos = input.isEmpty() ? 0 : rng.bounded(int(input.size()));
                switch (rng.bounded(5)) {
                case 0:
                    if (!input.isEmpty())
                        input[pos] = char(input[pos] ^ (1 << rng.bounded(8)));
                    break;
                case 1: {
                    const QByteArray &s = interesting[rng.bounded(int(std::size(interesting)))];
                    input.insert(pos, s.isEmpty() ? QByteArray(1, '\0') : s);
                    break;
                }
                case 2:
                    input.remove(pos, 1 + rng.bounded(8));
                    break;
                case 3: {
                    const QByteArray &other = corpus.at(rng.bounded(int(corpus.size())));
                    input.insert(pos, other.mid(rng.bounded(int(other.size()))));
                    break;
                }
                case 4:
                    input.insert(pos, QByteArray(1 + rng.bounded(20), rng.bounded(2) ? '9' : '/'));
                    break;
                }
            }
            mutations.append(input);
        }
    }

    void properties()
    {
        int checked = 0;
        for (const QList<QByteArray> *set : {&corpus, &mutations}) {
            for (const QByteArray &input : *set) {
                const QString problem = Fuzz::checkHttpInput(input);
                QVERIFY2(problem.isEmpty(),
                         qPrintable(problem + QStringLiteral(" for ")
                                    + QString::fromLatin1(input.toPercentEncoding())));
                ++checked;
            }
        }
        QCOMPARE(checked, int(corpus.size()) + 4000);
    }

    void realServerSurvives()
    {
        Test::ServerFixture f([](ServerConfig &c) { c.httpIdleTimeoutMs = 300; });
        QVERIFY(f.start());
        std::vector<std::unique_ptr<QTcpSocket>> open;
        for (int i = 0; i < 300; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->connectToHost(QHostAddress(QHostAddress::LocalHost), f.port);
            QVERIFY(s->waitForConnected(5000));
            s->write(i < corpus.size() ? corpus.at(i) : mutations.at(i));
            s->flush();
            open.push_back(std::move(s));
            if (i % 50 == 49) {
                // A well-formed client is still answered, whatever the others sent.
                QTcpSocket probe;
                probe.connectToHost(QHostAddress(QHostAddress::LocalHost), f.port);
                QVERIFY(probe.waitForConnected(5000));
                probe.write(
                    "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                QByteArray answer;
                QVERIFY(QTest::qWaitFor(
                    [&] {
                        answer += probe.readAll();
                        return probe.state() == QAbstractSocket::UnconnectedState
                            || answer.contains("{\"status\":\"ok\"}");
                    },
                    5000));
                QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
                open.clear();
            }
        }
        QVERIFY(f.server->isRunning());
    }

private:
    QList<QByteArray> corpus;
    QList<QByteArray> mutations;
};

QTEST_GUILESS_MAIN(TestHttpFuzzSmoke)
#include "tst_httpfuzzsmoke.moc"
