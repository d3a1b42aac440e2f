// Fuzz smoke test, run by every ctest run with the normal compiler: the checked-in seed
// corpus plus a few thousand deterministic mutations of it go through the codec decoders and
// the round-trip properties of codeccheck.h. The real fuzzer is fuzz_codec (SMARTFIXER_FUZZ).
#include "codeccheck.h"
#include "testsupport.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTest>

using namespace SmartFixer;

class TestFuzzSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Test::initTestEnvironment();
        const QDir dir(Test::sourceDir() + QStringLiteral("/tests/fuzz/corpus"));
        const QStringList names = dir.entryList(QDir::Files, QDir::Name);
        for (const QString &name : names) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            corpus.append(f.readAll());
        }
        QVERIFY2(corpus.size() >= 12, "the seed corpus tests/fuzz/corpus is missing");
    }

    void corpusDecodes()
    {
        int decoded = 0;
        for (const QByteArray &seed : std::as_const(corpus)) {
            const QString problem = Fuzz::checkCodecInput(seed);
            QVERIFY2(problem.isEmpty(),
                     qPrintable(problem + QStringLiteral(" for ")
                                + QString::fromLatin1(seed.toPercentEncoding())));
            decoded += EngineIo::decode(seed).ok() ? 1 : 0;
        }
        QVERIFY(decoded >= corpus.size() - 2); // seeds are (mostly) valid frames
    }

    void mutations()
    {
        QRandomGenerator rng(20261128); // deterministic
        const char interesting[]
            = {'0', '1', '2',  '3', '4', '5', '6',  '/',    ',',    '[',    ']',    '{',
               '}', '"', '\\', ':', '-', '9', '\0', '\x80', '\xc3', '\xed', '\xf4', '\xff'};
        int checked = 0;
        for (int round = 0; round < 5000; ++round) {
            QByteArray input = corpus.at(rng.bounded(static_cast<int>(corpus.size())));
            const int edits = 1 + rng.bounded(4);
            for (int e = 0; e < edits; ++e) {
                const int pos = input.isEmpty() ? 0 : rng.bounded(static_cast<int>(input.size()));
                switch (rng.bounded(6)) {
                case 0: // flip a bit
                    if (!input.isEmpty())
                        input[pos] = static_cast<char>(input[pos] ^ (1 << rng.bounded(8)));
                    break;
                case 1: // insert an interesting byte
                    input.insert(pos, interesting[rng.bounded(int(sizeof interesting))]);
                    break;
                case 2: // delete a run
                    input.remove(pos, 1 + rng.bounded(8));
                    break;
                case 3: // truncate
                    input.truncate(pos);
                    break;
                case 4: // splice in part of another seed
                {
                    const QByteArray &other
                        = corpus.at(rng.bounded(static_cast<int>(corpus.size())));
                    input.insert(pos, other.mid(rng.bounded(static_cast<int>(other.size()))));
                    break;
                }
                case 5: // a long run of digits (ack ids) or brackets (nesting)
                    input.insert(pos, QByteArray(1 + rng.bounded(40), rng.bounded(2) ? '9' : '['));
                    break;
                }
            }
            const QString problem = Fuzz::checkCodecInput(input);
            QVERIFY2(problem.isEmpty(),
                     qPrintable(problem + QStringLiteral(" for ")
                                + QString::fromLatin1(input.toPercentEncoding())));
            ++checked;
        }
        QCOMPARE(checked, 5000);
    }

private:
    QList<QByteArray> corpus;
};

QTEST_GUILESS_MAIN(TestFuzzSmoke)
#include "tst_fuzzsmoke.moc"
