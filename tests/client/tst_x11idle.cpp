// The X11 idle backend on a real X server: Xvfb started by the test (its own display), input
// injected with xdotool. The idle time must grow while nobody touches anything and drop on input.
#include "activity/activitytracker.h"
#include "activity/idlebackend.h"
#include "testsupport.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace SmartFixer;

class TestX11Idle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SmartFixer::Test::initTestEnvironment();
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        m_xdotool = QStandardPaths::findExecutable(QStringLiteral("xdotool"));
        if (xvfb.isEmpty() || m_xdotool.isEmpty())
            QSKIP("Xvfb or xdotool is not installed (apt install xvfb xdotool)");
        // -displayfd: Xvfb picks a free display number and writes it to stdout when ready.
        m_xvfb.start(xvfb,
                     {QStringLiteral("-displayfd"), QStringLiteral("1"),
                      QStringLiteral("-nolisten"), QStringLiteral("tcp"), QStringLiteral("-screen"),
                      QStringLiteral("0"), QStringLiteral("640x480x24")});
        QVERIFY2(m_xvfb.waitForStarted(10000), qPrintable(m_xvfb.errorString()));
        QByteArray number;
        QDeadlineTimer deadline(15000);
        while (!number.contains('\n') && !deadline.hasExpired()) {
            if (!m_xvfb.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
                break;
            number += m_xvfb.readAllStandardOutput();
        }
        QVERIFY2(number.contains('\n'),
                 qPrintable(QStringLiteral("Xvfb did not report a display: ")
                            + QString::fromLocal8Bit(m_xvfb.readAllStandardError())));
        m_display = QStringLiteral(":") + QString::fromLatin1(number.trimmed());
        qputenv("DISPLAY", m_display.toLocal8Bit());
        qputenv("SMARTFIXER_IDLE_BACKEND", "x11");
        // One X connection for the whole run (the tracker test takes it over).
        m_backend = createIdleBackend();
        QCOMPARE(m_backend->name(), QStringLiteral("x11"));
    }

    void cleanupTestCase()
    {
        m_backend.reset(); // close the X connection before the server goes
        if (m_xvfb.state() != QProcess::NotRunning) {
            m_xvfb.terminate();
            m_xvfb.waitForFinished(5000);
        }
    }

    void idleTimeResetsOnInput()
    {
        IdleBackend *backend = m_backend.get();
        QVERIFY(backend);
        QVERIFY(backend->idleTimeMs().has_value());
        // Nobody touches this X server: the idle time grows.
        QTRY_VERIFY_WITH_TIMEOUT(backend->idleTimeMs().value_or(0) >= 400, 5000);
        const qint64 before = *backend->idleTimeMs();
        QVERIFY(
            xdotool({QStringLiteral("mousemove"), QStringLiteral("100"), QStringLiteral("120")}));
        const qint64 after = backend->idleTimeMs().value_or(before);
        QVERIFY2(after < before, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        QVERIFY(!backend->isScreenLocked());
    }

    void trackerReportsReturnFromIdle()
    {
        QVERIFY(m_backend);
        QVERIFY2(m_backend->idleTimeMs().has_value(),
                 qPrintable(QStringLiteral("X server gone? Xvfb state %1, stderr: %2")
                                .arg(int(m_xvfb.state()))
                                .arg(QString::fromLocal8Bit(m_xvfb.readAllStandardError()))));
        ActivityTracker tracker(std::move(m_backend), Clock::system());
        tracker.setIdleThresholdMs(1000);
        tracker.setPollIntervalMs(100);
        QSignalSpy due(&tracker, &ActivityTracker::activityDue);
        QSignalSpy idle(&tracker, &ActivityTracker::idleChanged);
        tracker.start();
        QTRY_VERIFY_WITH_TIMEOUT(tracker.isIdle(), 5000);
        const int before = due.count();
        QVERIFY(
            xdotool({QStringLiteral("mousemove"), QStringLiteral("300"), QStringLiteral("200")}));
        QTRY_COMPARE_WITH_TIMEOUT(due.count(), before + 1, 5000);
        QVERIFY(!tracker.isIdle());
        QVERIFY(!idle.isEmpty());
        QCOMPARE(idle.last().first().toBool(), false);
    }

private:
    bool xdotool(const QStringList &args)
    {
        QProcess p;
        p.start(m_xdotool, args);
        return p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit
            && p.exitCode() == 0;
    }
    QProcess m_xvfb;
    std::unique_ptr<IdleBackend> m_backend;
    QString m_xdotool;
    QString m_display;
};

QTEST_GUILESS_MAIN(TestX11Idle)
#include "tst_x11idle.moc"
