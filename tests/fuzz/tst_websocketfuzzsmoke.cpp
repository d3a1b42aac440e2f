// Fuzz smoke test of the WebSocket framing and the upgrade parser, run by every ctest run with
// the normal compiler: the seed corpus tests/fuzz/corpus-websocket plus deterministic
// mutations of it through the properties of websocketcheck.h. The real fuzzer is
// fuzz_websocket (SMARTFIXER_FUZZ).
#include "testsupport.h"
#include "websocketcheck.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTest>

using namespace SmartFixer;

class TestWebSocketFuzzSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        const QDir dir(Test::sourceDir() + QStringLiteral("/tests/fuzz/corpus-websocket"));
        const QStringList names = dir.entryList(QDir::Files, QDir::Name);
        for (const QString &name : names) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            corpus.append(f.readAll());
        }
        QVERIFY2(corpus.size() >= 8, "the seed corpus tests/fuzz/corpus-websocket is missing");
    }

    void corpusHoldsProperties()
    {
        for (const QByteArray &seed : std::as_const(corpus)) {
            const QString problem = Fuzz::checkWebSocketInput(seed);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

    void mutations()
    {
        QRandomGenerator rng(20261201); // deterministic
        const char interesting[]
            = {'\x00', '\x01', '\x08', '\x09', '\x0a', '\x80', '\x81', '\x88', '\x7e',
               '\x7f', '\xfe', '\xff', '\xc3', '\xed', '\xf4', '\r',   '\n',   ':'};
        for (int round = 0; round < 4000; ++round) {
            QByteArray input = corpus.at(rng.bounded(static_cast<int>(corpus.size())));
            const int edits = 1 + rng.bounded(4);
            for (int e = 0; e < edits; ++e) {
                const int pos = input.isEmpty() ? 0 : rng.bounded(static_cast<int>(input.size()));
                switch (rng.bounded(5)) {
                case 0:
                    if (!input.isEmpty())
                        input[pos] = static_cast<char>(input[pos] ^ (1 << rng.bounded(8)));
                    break;
                case 1:
                    input.insert(pos, interesting[rng.bounded(int(sizeof interesting))]);
                    break;
                case 2:
                    input.remove(pos, 1 + rng.bounded(8));
                    break;
                case 3:
                    input.truncate(pos);
                    break;
                case 4: {
                    const QByteArray &other
                        = corpus.at(rng.bounded(static_cast<int>(corpus.size())));
                    input.insert(pos, other.mid(rng.bounded(static_cast<int>(other.size()))));
                    break;
                }
                }
            }
            const QString problem = Fuzz::checkWebSocketInput(input);
            QVERIFY2(
                problem.isEmpty(),
                qPrintable(problem + QStringLiteral(" for ") + QString::fromLatin1(input.toHex())));
        }
    }

private:
    QList<QByteArray> corpus;
};

QTEST_GUILESS_MAIN(TestWebSocketFuzzSmoke)
#include "tst_websocketfuzzsmoke.moc"
