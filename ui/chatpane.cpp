#include "chatpane.h"

#include "badgewidgets.h"
#include "chatbackend.h"
#include "elidedlabel.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "presencebadge.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace SmartFixer::Ui {

namespace {
constexpr int TypingShownMs = 4000; // the hint stays this long after the last typing event
constexpr int TypingSendEveryMs = 3000; // at most one typing event per this many ms
} // namespace

ChatPane::ChatPane(ChatBackend *backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_model(new MessageModel(this))
{
    // Enough for the header's buttons, an elided name and a usable composer.
    setMinimumWidth(260);
    m_stack = new QStackedWidget(this);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    // Page 0: nothing selected.
    auto *empty = new QLabel(tr("Select a contact on the left to start a conversation."), this);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false);
    m_stack->addWidget(empty);

    // Page 1: the conversation.
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *header = new QWidget(page);
    header->setObjectName(QStringLiteral("chatHeader"));
    header->setAutoFillBackground(true);
    header->setBackgroundRole(QPalette::Base);
    auto *h = new QHBoxLayout(header);
    h->setContentsMargins(12, 8, 12, 8);
    m_avatar = new AvatarWidget(40, header);
    h->addWidget(m_avatar);
    auto *names = new QVBoxLayout;
    names->setSpacing(2);
    m_name = new ElidedLabel(header);
    m_name->setObjectName(QStringLiteral("chatName"));
    QFont nameFont = m_name->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.15);
    m_name->setFont(nameFont);
    m_name->setAccessibleName(tr("Contact name"));
    names->addWidget(m_name);
    auto *statusRow = new QHBoxLayout;
    statusRow->setSpacing(6);
    m_badge = new PresenceBadgeWidget(14, header);
    m_badge->setBackgroundRole(QPalette::Base);
    statusRow->addWidget(m_badge);
    m_status = new ElidedLabel(header);
    m_status->setObjectName(QStringLiteral("chatStatus"));
    m_status->setAccessibleName(tr("Contact status"));
    statusRow->addWidget(m_status, 1);
    names->addLayout(statusRow);
    m_message = new ElidedLabel(header);
    m_message->setObjectName(QStringLiteral("chatStatusMessage"));
    m_message->setAccessibleName(tr("Status message"));
    QFont messageFont = m_message->font();
    messageFont.setItalic(true);
    m_message->setFont(messageFont);
    m_message->hide();
    names->addWidget(m_message);
    h->addLayout(names, 1);
    m_profileButton = new QToolButton(header);
    m_profileButton->setObjectName(QStringLiteral("profileButton"));
    m_profileButton->setText(tr("Profile"));
    m_profileButton->setIcon(QIcon(QStringLiteral(":/icons/profile.svg")));
    m_profileButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_profileButton->setAccessibleName(tr("Show profile"));
    m_profileButton->setToolTip(tr("Show this contact's profile (Ctrl+I)"));
    connect(m_profileButton, &QToolButton::clicked, this,
            [this] { Q_EMIT profileRequested(m_peer); });
    h->addWidget(m_profileButton);
    layout->addWidget(header);

    auto *line = new QFrame(page);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);

    m_messages = new QListView(page);
    m_messages->setObjectName(QStringLiteral("messageView"));
    m_messages->setAccessibleName(tr("Messages"));
    m_messages->setModel(m_model);
    m_messages->setItemDelegate(new MessageDelegate(m_messages));
    m_messages->setResizeMode(QListView::Adjust);
    m_messages->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_messages->setSelectionMode(QAbstractItemView::NoSelection);
    m_messages->setFrameShape(QFrame::NoFrame);
    m_messages->setWordWrap(true);
    m_messages->setMouseTracking(true); // the pointing hand over links
    layout->addWidget(m_messages, 1);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ChatPane::scrollToEnd);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ChatPane::scrollToEnd);

    m_typing = new ElidedLabel(page);
    m_typing->setObjectName(QStringLiteral("typingLabel"));
    m_typing->setContentsMargins(12, 2, 12, 2);
    QFont typingFont = m_typing->font();
    typingFont.setItalic(true);
    m_typing->setFont(typingFont);
    m_typing->setAccessibleName(tr("Typing indicator"));
    // Keep the line's height when empty, so messages do not jump when the hint comes and goes.
    m_typing->setMinimumHeight(m_typing->fontMetrics().height() + 4);
    layout->addWidget(m_typing);
    m_typingTimeout.setSingleShot(true);
    m_typingTimeout.setInterval(TypingShownMs);
    connect(&m_typingTimeout, &QTimer::timeout, m_typing,
            [this] { m_typing->setFullText(QString()); });

    auto *composerRow = new QHBoxLayout;
    composerRow->setContentsMargins(8, 6, 8, 8);
    m_composer = new QLineEdit(page);
    m_composer->setObjectName(QStringLiteral("composer"));
    m_composer->setPlaceholderText(tr("Write a message… (Enter sends)"));
    m_composer->setAccessibleName(tr("Message text"));
    m_composer->setMaxLength(4000); // the server refuses longer texts (DESIGN.md §4)
    m_composer->setClearButtonEnabled(true);
    composerRow->addWidget(m_composer, 1);
    m_send = new QPushButton(tr("&Send"), page);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setIcon(QIcon(QStringLiteral(":/icons/send.svg")));
    m_send->setAccessibleName(tr("Send message"));
    m_send->setEnabled(false);
    composerRow->addWidget(m_send);
    layout->addLayout(composerRow);
    m_stack->addWidget(page);

    setTabOrder(m_messages, m_composer);
    setTabOrder(m_composer, m_send);
    setTabOrder(m_send, m_profileButton);

    connect(m_composer, &QLineEdit::returnPressed, this, &ChatPane::send);
    connect(m_send, &QPushButton::clicked, this, &ChatPane::send);
    connect(m_composer, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_send->setEnabled(!text.trimmed().isEmpty());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (m_peer != 0 && !text.isEmpty() && now - m_lastTypingSentMs >= TypingSendEveryMs) {
            m_lastTypingSentMs = now;
            m_backend->sendTyping(m_peer);
        }
    });

    connect(m_backend, &ChatBackend::presenceChanged, this, [this](const PresenceInfo &info) {
        if (info.userId == m_peer)
            showPresence(info);
    });
    connect(m_backend, &ChatBackend::messageReceived, this, &ChatPane::onMessage);
    connect(m_backend, &ChatBackend::messageUpdated, this, &ChatPane::onMessage);
    connect(m_backend, &ChatBackend::historyChanged, this, [this](UserId peer) {
        if (peer == m_peer)
            m_model->setConversation(m_backend->selfId(), m_peer, m_backend->history(m_peer));
    });
    connect(m_backend, &ChatBackend::typingReceived, this, &ChatPane::onTyping);
    // Ticks: the rows whose receipts changed repaint in place (no reset, no scroll jump).
    connect(m_backend, &ChatBackend::receiptsChanged, this, [this](UserId peer) {
        if (peer != m_peer || peer == 0)
            return;
        const QList<MessageItem> history = m_backend->history(m_peer);
        for (const MessageItem &m : history) {
            if (m.from == m_backend->selfId() && m.id > 0)
                m_model->upsert(m);
        }
    });
}

bool ChatPane::scrollToMessage(qint64 id)
{
    const int row = m_model->rowOfId(id);
    if (row < 0)
        return false;
    const QModelIndex idx = m_model->index(row);
    m_messages->scrollTo(idx, QAbstractItemView::PositionAtCenter);
    m_messages->setCurrentIndex(idx);
    return true;
}

void ChatPane::openConversation(UserId peer, const QString &name)
{
    m_peer = peer;
    m_peerName = name;
    m_typing->setFullText(QString());
    m_typingTimeout.stop();
    if (peer == 0) {
        m_stack->setCurrentIndex(0);
        m_model->setConversation(m_backend->selfId(), 0, {});
        return;
    }
    m_stack->setCurrentIndex(1);
    m_name->setFullText(name);
    m_avatar->setUser(peer, name);
    PresenceInfo info;
    info.userId = peer;
    info.state = PresenceState::LastSeen;
    info.status = tr("Status unknown");
    showPresence(m_backend->presence(peer).value_or(info));
    m_model->setConversation(m_backend->selfId(), peer, m_backend->history(peer));
    m_backend->loadHistory(peer);
    m_composer->setAccessibleDescription(tr("Message to %1").arg(name));
}

void ChatPane::focusComposer()
{
    m_composer->setFocus(Qt::ShortcutFocusReason);
}

void ChatPane::send()
{
    const QString text = m_composer->text().trimmed();
    if (m_peer == 0 || text.isEmpty())
        return;
    m_backend->sendMessage(m_peer, text);
    m_composer->clear();
    m_send->setEnabled(false);
}

void ChatPane::showPresence(const PresenceInfo &info)
{
    m_shown = info;
    const Availability availability = PresenceBadge::availabilityOf(info);
    QString text = m_current ? info.status : tr("Last known: %1").arg(info.status);
    if (availability == Availability::Dnd)
        //: Chat header: %1 is the presence text ("online"), then the manual status
        text = tr("%1 — Do not disturb").arg(text);
    m_badge->setPresence(info.state, text, availability);
    m_badge->setCurrent(m_current);
    m_status->setFullText(text);
    m_status->setAccessibleDescription(text);
    const QString message = info.statusMessage.value_or(QString());
    m_message->setFullText(message);
    m_message->setAccessibleDescription(message);
    m_message->setVisible(!message.isEmpty());
}

void ChatPane::setPresenceCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    if (m_peer != 0)
        showPresence(m_shown);
}

void ChatPane::onMessage(const MessageItem &message)
{
    m_model->upsert(message);
    if (message.from == m_peer && message.delivery == DeliveryState::Received) {
        // A message ends the typing hint.
        m_typing->setFullText(QString());
        m_typingTimeout.stop();
    }
}

void ChatPane::onTyping(UserId from)
{
    if (from != m_peer)
        return;
    m_typing->setFullText(tr("%1 is typing…").arg(m_peerName));
    m_typingTimeout.start();
}

void ChatPane::scrollToEnd()
{
    QTimer::singleShot(0, m_messages, &QListView::scrollToBottom);
}

} // namespace SmartFixer::Ui
