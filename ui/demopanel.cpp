#include "demopanel.h"

#include "chatbackend.h"
#include "demo/demoscript.h"
#include "presencebadge.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace SmartFixer::Ui {

namespace {
constexpr int RefreshMs = 500; // real ms between true-state refreshes
enum Column { NameColumn, TrueColumn, ShownColumn, ScriptColumn, ColumnCount };

QIcon badgeIcon(PresenceState state, const QPalette &palette,
                Availability availability = Availability::Auto)
{
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    PresenceBadge::paint(&p, QRectF(4, 4, 24, 24), state, palette, availability);
    p.end();
    return QIcon(pm);
}

//! "online", "online · Do not disturb · “Busy”": the text plus the manual status (§10).
QString describe(const PresenceInfo &info)
{
    QString text = info.status;
    const Availability availability = PresenceBadge::availabilityOf(info);
    if (availability != Availability::Auto)
        text += QStringLiteral(" · ") + PresenceBadge::availabilityLabel(availability);
    if (info.statusMessage && !info.statusMessage->isEmpty())
        text += QStringLiteral(" · “") + *info.statusMessage + QStringLiteral("”");
    return text;
}
} // namespace

DemoPanel::DemoPanel(DemoScript *script, ChatBackend *backend, Clock *clock, QWidget *parent)
    : QDockWidget(tr("QA panel (demo)"), parent), m_script(script), m_backend(backend),
      m_clock(clock)
{
    setObjectName(QStringLiteral("demoPanel"));
    setAccessibleName(tr("QA panel"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);

    auto *intro = new QLabel(tr("Demo time runs %1x faster. \"True state\" is what the server "
                                "holds; \"Shown\" is what this app displays after privacy.")
                                 .arg(clock->rate()),
                             body);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_table = new QTableWidget(0, ColumnCount, body);
    m_table->setObjectName(QStringLiteral("demoUsers"));
    m_table->setAccessibleName(tr("Demo users and their states"));
    // Short headers (they must fit a narrow panel in every language); the tooltips explain.
    const QStringList headers{tr("Demo user"), tr("True state"), tr("Shown"), tr("Script")};
    const QStringList headerTips{tr("The scripted demo user"),
                                 tr("The state the server holds for this user"),
                                 tr("What this app shows for the user, after privacy"),
                                 tr("What the demo script is doing with this user")};
    for (int c = 0; c < ColumnCount; ++c) {
        auto *item = new QTableWidgetItem(headers.at(c));
        item->setToolTip(headerTips.at(c));
        m_table->setHorizontalHeaderItem(c, item);
    }
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = m_table->horizontalHeader();
    // Nothing is cut off in any language: the state columns are as wide as their header (at
    // 800×600 translated headers were cut to "Ech") and elide the status text (full text in
    // the tooltip); the name and script columns fit their contents, the last one takes what is
    // left, and a narrow panel scrolls sideways instead of hiding the script column.
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (const int c : {int(TrueColumn), int(ShownColumn)}) {
        header->setSectionResizeMode(c, QHeaderView::Fixed);
        // px: the text plus the header's margins (Fusion: 2 × 4 px) and some air.
        header->resizeSection(c, header->fontMetrics().horizontalAdvance(headers.at(c)) + 20);
    }
    header->setStretchLastSection(true);
    header->setTextElideMode(Qt::ElideRight);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 2);

    auto *forceRow = new QHBoxLayout;
    auto *forceLabel = new QLabel(tr("&Force selected user:"), body);
    forceLabel->setWordWrap(true);
    m_force = new QComboBox(body);
    m_force->setAccessibleName(tr("State to force"));
    // The panel must fit beside the chat at 800 px: the combo elides its long entries.
    m_force->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_force->setMinimumContentsLength(8);
    m_force->addItem(tr("Online (connect)"), int(DemoScript::Force::Online));
    m_force->addItem(tr("Offline (active, then last seen)"), int(DemoScript::Force::Offline));
    m_force->addItem(tr("Hidden (privacy: nobody)"), int(DemoScript::Force::Hidden));
    m_force->addItem(tr("Visible (privacy: everyone)"), int(DemoScript::Force::Visible));
    m_force->addItem(tr("Do not disturb (message clears itself)"), int(DemoScript::Force::Dnd));
    m_force->addItem(tr("Invisible (looks offline)"), int(DemoScript::Force::Invisible));
    m_force->addItem(tr("Automatic status"), int(DemoScript::Force::Auto));
    forceLabel->setBuddy(m_force);
    m_apply = new QPushButton(tr("&Apply"), body);
    m_apply->setAccessibleName(tr("Apply forced state"));
    forceRow->addWidget(forceLabel);
    forceRow->addWidget(m_force, 1);
    forceRow->addWidget(m_apply);
    layout->addLayout(forceRow);
    connect(m_apply, &QPushButton::clicked, this, &DemoPanel::forceSelected);

    auto *logLabel = new QLabel(tr("Events (times on the demo clock):"), body);
    logLabel->setWordWrap(true);
    layout->addWidget(logLabel);
    m_log = new QPlainTextEdit(body);
    m_log->setObjectName(QStringLiteral("demoLog"));
    m_log->setAccessibleName(tr("Event log"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(500);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    layout->addWidget(m_log, 1);
    setWidget(body);

    const QList<DemoScript::DemoUser> users = script->users();
    m_table->setRowCount(int(users.size()));
    for (int row = 0; row < users.size(); ++row) {
        auto *name = new QTableWidgetItem(users.at(row).displayName);
        name->setData(Qt::UserRole, users.at(row).id);
        name->setToolTip(users.at(row).role);
        m_table->setItem(row, NameColumn, name);
        for (int c = TrueColumn; c < ColumnCount; ++c)
            m_table->setItem(row, c, new QTableWidgetItem);
    }
    if (!users.isEmpty())
        m_table->selectRow(0);

    const QList<DemoScript::Event> past = script->history();
    for (const DemoScript::Event &e : past)
        append(e.clockMs, e.text);
    connect(script, &DemoScript::eventLogged, this, &DemoPanel::append);
    connect(script, &DemoScript::userChanged, this, &DemoPanel::refresh);
    connect(backend, &ChatBackend::presenceChanged, this, [this](const PresenceInfo &info) {
        const auto demoUsers = m_script->users();
        for (const auto &u : demoUsers) {
            if (u.id == info.userId) {
                append(m_clock->nowMs(), tr("app shows %1: %2").arg(u.displayName, info.status));
                break;
            }
        }
        refresh();
    });
    m_refresh.setInterval(RefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &DemoPanel::refresh);
    m_refresh.start();
    refresh();
}

void DemoPanel::refresh()
{
    const QList<DemoScript::DemoUser> users = m_script->users();
    for (int row = 0; row < users.size() && row < m_table->rowCount(); ++row) {
        const DemoScript::DemoUser &u = users.at(row);
        const PresenceInfo truth = m_script->trueState(u.id);
        // True and shown availability side by side: an invisible user is "online ·
        // Invisible" on the server and "Active …" or "Last seen …" here.
        QTableWidgetItem *t = m_table->item(row, TrueColumn);
        const QString trueText = describe(truth);
        t->setText(trueText);
        t->setToolTip(trueText);
        t->setIcon(badgeIcon(truth.state, palette(), PresenceBadge::availabilityOf(truth)));
        QTableWidgetItem *shown = m_table->item(row, ShownColumn);
        if (auto p = m_backend->presence(u.id)) {
            const QString shownText = describe(*p);
            shown->setText(shownText);
            shown->setToolTip(shownText);
            shown->setIcon(badgeIcon(p->state, palette(), PresenceBadge::availabilityOf(*p)));
        }
        QString script = u.connected ? tr("connected") : tr("offline");
        if (u.visibility == Visibility::Nobody)
            script = tr("%1, hidden").arg(script);
        if (u.availability != Availability::Auto)
            script = tr("%1, %2").arg(script, PresenceBadge::availabilityLabel(u.availability));
        m_table->item(row, ScriptColumn)->setText(script);
        m_table->item(row, ScriptColumn)->setToolTip(script);
    }
}

void DemoPanel::append(qint64 clockMs, const QString &text)
{
    const QString time
        = QDateTime::fromMSecsSinceEpoch(clockMs).time().toString(QStringLiteral("HH:mm:ss"));
    m_log->appendPlainText(QString(time + QStringLiteral("  ") + text));
}

void DemoPanel::forceSelected()
{
    const int row = m_table->currentRow();
    if (row < 0)
        return;
    const UserId id = m_table->item(row, NameColumn)->data(Qt::UserRole).toLongLong();
    m_script->force(id, DemoScript::Force(m_force->currentData().toInt()));
    refresh();
}

} // namespace SmartFixer::Ui
