#include "conversationsview.h"

#include "chatbackend.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace SmartFixer::Ui {

namespace {
constexpr int PreviewChars = 80; // of the last message, on one line
constexpr int MaxQueryChars = 100; // the server's limit for q (DESIGN.md §12 search)

// A tooltip is rich text when it looks like it: a stranger's "<img src=…>" must stay text.
QString plainToolTip(const QString &text)
{
    return QStringLiteral("<p style=\"white-space:pre-wrap\">") + text.toHtmlEscaped()
        + QStringLiteral("</p>");
}

QString oneLine(const QString &text, int chars)
{
    QString line = text.simplified();
    if (line.size() > chars)
        line = line.left(chars - 1) + QChar(0x2026);
    return line;
}
} // namespace

ConversationsView::ConversationsView(ChatBackend *backend, QWidget *parent)
    : QListWidget(parent), m_backend(backend)
{
    setObjectName(QStringLiteral("conversationList"));
    setAccessibleName(tr("Chats"));
    setTextElideMode(Qt::ElideRight);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setUniformItemSizes(false);
    setWordWrap(false);
    setSpacing(3); // px between two conversations
    connect(backend, &ChatBackend::conversationsChanged, this, &ConversationsView::reload);
    connect(backend, &ChatBackend::signedIn, this, &ConversationsView::reload);
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT conversationActivated(item->data(Qt::UserRole).toLongLong());
    });
    connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        Q_EMIT conversationActivated(item->data(Qt::UserRole).toLongLong());
    });
    reload();
}

QString ConversationsView::rowText(const ConversationEntry &e)
{
    QString first = e.name;
    if (e.unread > 0)
        first = tr("%1 (%n unread)", nullptr, e.unread).arg(e.name);
    const QString preview = e.lastMessage.from == e.peer
        ? oneLine(e.lastMessage.text, PreviewChars)
        //: Preview of our own last message in the conversations list
        : tr("You: %1").arg(oneLine(e.lastMessage.text, PreviewChars));
    return first + QLatin1Char('\n') + preview;
}

void ConversationsView::reload()
{
    const UserId selected = currentItem() ? currentItem()->data(Qt::UserRole).toLongLong() : 0;
    const QList<ConversationEntry> list = m_backend->conversations();
    clear();
    for (const ConversationEntry &e : list) {
        auto *item = new QListWidgetItem(rowText(e), this);
        item->setData(Qt::UserRole, e.peer);
        item->setToolTip(plainToolTip(e.name));
        QFont f = font();
        f.setBold(e.unread > 0);
        item->setFont(f);
        if (e.peer == selected)
            setCurrentItem(item);
    }
    if (list.isEmpty()) {
        auto *item = new QListWidgetItem(tr("No conversations yet."), this);
        item->setFlags(Qt::NoItemFlags);
        item->setData(Qt::UserRole, 0);
    }
}

MessageSearchDialog::MessageSearchDialog(ChatBackend *backend, UserId currentPeer,
                                         const QString &peerName, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_peer(currentPeer)
{
    setObjectName(QStringLiteral("messageSearch"));
    setWindowTitle(tr("Search messages"));
    setMinimumSize(420, 360);
    auto *layout = new QVBoxLayout(this);
    m_query = new QLineEdit(this);
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setPlaceholderText(tr("Search your messages"));
    m_query->setAccessibleName(tr("Search text"));
    m_query->setClearButtonEnabled(true);
    m_query->setMaxLength(MaxQueryChars);
    layout->addWidget(m_query);
    m_onlyThis = new QCheckBox(currentPeer ? tr("Only the conversation with %1").arg(peerName)
                                           : tr("Only this conversation"),
                               this);
    m_onlyThis->setEnabled(currentPeer != 0);
    layout->addWidget(m_onlyThis);
    m_results = new QListWidget(this);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setAccessibleName(tr("Search results"));
    m_results->setTextElideMode(Qt::ElideRight);
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_results, 1);
    m_state = new QLabel(this);
    m_state->setTextFormat(Qt::PlainText);
    layout->addWidget(m_state);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_query, &QLineEdit::returnPressed, this, &MessageSearchDialog::search);
    connect(m_onlyThis, &QCheckBox::toggled, this, [this] {
        if (!m_query->text().trimmed().isEmpty())
            search();
    });
    connect(backend, &ChatBackend::messagesFound, this, &MessageSearchDialog::showResults);
    connect(m_results, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const UserId peer = item->data(Qt::UserRole).toLongLong();
        const qint64 id = item->data(Qt::UserRole + 1).toLongLong();
        if (peer > 0) {
            Q_EMIT jumpTo(peer, id);
            accept();
        }
    });
}

void MessageSearchDialog::search()
{
    const QString text = m_query->text().trimmed();
    if (text.isEmpty())
        return;
    m_pending = text;
    m_state->setText(tr("Searching…"));
    m_backend->searchMessages(text, m_onlyThis->isChecked() ? m_peer : 0);
}

void MessageSearchDialog::showResults(const QString &text, const QList<MessageItem> &results)
{
    if (text != m_pending)
        return; // an older answer
    m_results->clear();
    const UserId self = m_backend->selfId();
    QHash<UserId, QString> names;
    const QList<ContactEntry> contacts = m_backend->contacts();
    for (const ContactEntry &c : contacts)
        names.insert(c.id, c.displayName.isEmpty() ? c.username : c.displayName);
    const QList<ConversationEntry> conversations = m_backend->conversations();
    for (const ConversationEntry &c : conversations)
        names.insert(c.peer, c.name);
    for (const MessageItem &m : results) {
        const UserId peer = m.peer(self);
        const QString who = m.from == self ? tr("You") : names.value(peer, tr("User %1").arg(peer));
        const QString when = m.sentAtMs > 0
            ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(m.sentAtMs), QLocale::ShortFormat)
            : QString();
        auto *item = new QListWidgetItem(
            tr("%1 · %2\n%3").arg(who, when, oneLine(m.text, PreviewChars)), m_results);
        item->setData(Qt::UserRole, peer);
        item->setData(Qt::UserRole + 1, m.id);
        item->setToolTip(plainToolTip(m.text.left(500)));
    }
    m_state->setText(results.isEmpty() ? tr("No messages found.")
                                       : tr("%n message(s) found.", nullptr, int(results.size())));
    if (!results.isEmpty())
        m_results->setCurrentRow(0);
}

} // namespace SmartFixer::Ui
