#include "pinnedcertificatesbox.h"

#include "certificatepins.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace SmartFixer::Ui {

PinnedCertificatesBox::PinnedCertificatesBox(QWidget *parent) : QGroupBox(parent)
{
    setTitle(tr("Trusted server certificates"));
    setObjectName(QStringLiteral("pinnedCertificates"));
    auto *layout = new QVBoxLayout(this);
    auto *note = new QLabel(tr("Servers whose own certificate you trusted by its fingerprint. "
                               "Forget one when its host made a new certificate: the next "
                               "sign-in asks again."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("pinnedList"));
    m_list->setAccessibleName(tr("Trusted server certificates"));
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({tr("Server"), tr("SHA-256 fingerprint")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->setMaximumHeight(120);
    layout->addWidget(m_list);
    m_empty = new QLabel(tr("No trusted certificates."), this);
    m_empty->setObjectName(QStringLiteral("pinnedEmpty"));
    layout->addWidget(m_empty);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    m_forget = new QPushButton(tr("&Forget"), this);
    m_forget->setObjectName(QStringLiteral("forgetPin"));
    m_forget->setToolTip(tr("Forget the selected server's certificate"));
    row->addWidget(m_forget);
    layout->addLayout(row);
    connect(m_forget, &QPushButton::clicked, this, &PinnedCertificatesBox::forgetSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this,
            [this] { m_forget->setEnabled(!m_list->selectedItems().isEmpty()); });
    reload();
}

void PinnedCertificatesBox::reload()
{
    m_list->clear();
    for (const CertificatePins::Pin &pin : CertificatePins::all()) {
        auto *item = new QTreeWidgetItem(m_list, {pin.server, pin.fingerprint});
        item->setToolTip(1, pin.fingerprint);
    }
    const bool any = m_list->topLevelItemCount() > 0;
    m_list->setVisible(any);
    m_empty->setVisible(!any);
    m_forget->setEnabled(!m_list->selectedItems().isEmpty());
}

void PinnedCertificatesBox::forgetSelected()
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    if (selected.isEmpty())
        return;
    CertificatePins::forgetKey(selected.first()->text(0));
    reload();
}

} // namespace SmartFixer::Ui
