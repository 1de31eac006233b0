// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/batchdialog.h"

#include "core/image/imagefile.h"
#include "ui/backgroundwork.h"
#include "ui/formatfields.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QThreadPool>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

namespace drbn::ui {
namespace {

/// Why the plan left a photo out, in the user's language.
QString refusalInWords(const pipeline::BatchPlan::Refusal& refusal) {
  const QString output = QString::fromStdString(refusal.output);
  using Kind = pipeline::BatchPlan::Refusal::Kind;
  switch (refusal.kind) {
    case Kind::OutputIsInput:
      return BatchDialog::tr("its result %1 would replace another photo of this batch; choose another output folder or format")
          .arg(output);
    case Kind::SharedOutput:
      return BatchDialog::tr("its result %1 would also be the result of %2 (photos of one name: export one of them into another folder)")
          .arg(output, QString::fromStdString(refusal.other));
    case Kind::NotOurs:
      return BatchDialog::tr("%1 is there and is no result of this program; it is never replaced: choose another output folder or format")
          .arg(output);
    case Kind::AlreadyThere:
      return refusal.bands ? BatchDialog::tr("%1 (its bands) already exists").arg(output) : BatchDialog::tr("%1 already exists").arg(output);
  }
  return QString::fromStdString(refusal.reason);
}

}  // namespace

/// Carries a batch worker's results to the dialog (see backgroundwork.h): closing it cancels the
/// batch and returns at once, without waiting for the worker (which holds its own copies of
/// everything else).
class BatchRelay : public QObject {
  Q_OBJECT
 Q_SIGNALS:
  void fileDone(int row, const QString& output, const QString& error, bool kept);
  void finished();
};

BatchDialog::BatchDialog(std::shared_ptr<const infer::Enhancer> enhancer, infer::Stage stage,
                         infer::Adjustments adjustments, QWidget* parent)
    : QDialog(parent), m_enhancer(std::move(enhancer)), m_stage(stage), m_adjustments(adjustments) {
  setWindowTitle(tr("Batch Export"));
  QSettings settings;
  auto* layout = new QVBoxLayout(this);

  m_inputs = new QListWidget(this);
  m_inputs->setSelectionMode(QAbstractItemView::ExtendedSelection);
  auto* inputButtons = new QHBoxLayout;
  auto* addFilesButton = new QPushButton(tr("Add &Files..."), this);
  auto* addFolderButton = new QPushButton(tr("Add F&older..."), this);
  auto* removeButton = new QPushButton(tr("&Remove"), this);
  inputButtons->addWidget(addFilesButton);
  inputButtons->addWidget(addFolderButton);
  inputButtons->addWidget(removeButton);
  inputButtons->addStretch(1);
  layout->addWidget(new QLabel(tr("Photos:"), this));
  layout->addWidget(m_inputs, 1);
  layout->addLayout(inputButtons);
  connect(addFilesButton, &QPushButton::clicked, this, [this] {
    addFiles(QFileDialog::getOpenFileNames(this, tr("Add Photos"), QSettings().value(QStringLiteral("folders/open")).toString(),
                                           tr("Photos (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)")));
  });
  connect(addFolderButton, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add Folder"), QSettings().value(QStringLiteral("folders/open")).toString());
    if (!dir.isEmpty()) addFiles({dir});
  });
  connect(removeButton, &QPushButton::clicked, this, [this] { qDeleteAll(m_inputs->selectedItems()); });

  auto* form = new QFormLayout;
  m_outDir = new QLineEdit(settings.value(QStringLiteral("folders/batch")).toString(), this);
  auto* browse = new QPushButton(tr("&Browse..."), this);
  auto* outRow = new QHBoxLayout;
  outRow->addWidget(m_outDir, 1);
  outRow->addWidget(browse);
  auto* outLabel = new QLabel(tr("Output &folder:"), this);
  outLabel->setBuddy(m_outDir);  // a label without a buddy shows its '&'
  form->addRow(outLabel, outRow);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Output Folder"), m_outDir->text());
    if (!dir.isEmpty()) m_outDir->setText(dir);
  });
  m_pattern = new QLineEdit(settings.value(QStringLiteral("export/pattern"), QStringLiteral("{stem}_drbn")).toString(), this);
  m_pattern->setToolTip(tr("File name without extension; {stem} is the photo's own name"));
  form->addRow(tr("File &names:"), m_pattern);
  m_output = new FormatFields(form, this, /*asSource=*/true);
  m_output->setFormat(settings.value(QStringLiteral("export/format"), QStringLiteral("png")).toString());
  m_output->setQuality(settings.value(QStringLiteral("export/quality"), 95).toInt());
  m_output->setBitDepth(settings.value(QStringLiteral("export/bitDepth"), 0).toInt());
  m_settings = new QComboBox(this);
  m_settings->addItem(tr("Current recomposition settings"));
  m_settings->addItem(tr("The model's own result"));
  m_settings->setEnabled(!m_adjustments.isNeutral());
  if (m_adjustments.isNeutral()) m_settings->setCurrentIndex(1);
  form->addRow(tr("&Recomposition:"), m_settings);
  m_saveBands = new QCheckBox(tr("Also save every band and weight map"), this);
  form->addRow(QString(), m_saveBands);
  m_replace = new QCheckBox(tr("Replace files already in the output folder"), this);
  m_replace->setChecked(settings.value(QStringLiteral("export/replace"), false).toBool());
  form->addRow(QString(), m_replace);
  layout->addLayout(form);

  m_progress = new QProgressBar(this);
  layout->addWidget(m_progress);
  m_status = new QTreeWidget(this);
  m_status->setHeaderLabels({tr("Photo"), tr("Status")});
  m_status->setRootIsDecorated(false);
  m_status->header()->setStretchLastSection(true);
  m_status->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);  // names whole
  layout->addWidget(m_status, 1);
  m_summary = new QLabel(this);
  m_summary->setWordWrap(true);
  layout->addWidget(m_summary);
  // The request for photos and a folder goes once both are there, not at the next Start.
  auto answered = [this] {
    if (!m_askedForInputs || !hasInputsAndOutput()) return;
    m_askedForInputs = false;
    m_summary->clear();
  };
  connect(m_outDir, &QLineEdit::textChanged, this, answered);
  connect(m_inputs->model(), &QAbstractItemModel::rowsInserted, this, answered);

  auto* buttons = new QDialogButtonBox(this);
  m_startButton = buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
  m_cancelButton = buttons->addButton(tr("&Cancel Batch"), QDialogButtonBox::RejectRole);
  auto* close = buttons->addButton(QDialogButtonBox::Close);
  m_cancelButton->setEnabled(false);
  connect(m_startButton, &QPushButton::clicked, this, &BatchDialog::start);
  connect(m_cancelButton, &QPushButton::clicked, this, &BatchDialog::cancel);
  connect(close, &QPushButton::clicked, this, &QDialog::close);
  layout->addWidget(buttons);
  resize(640, 720);
}

BatchDialog::~BatchDialog() { cancel(); }

void BatchDialog::addFiles(const QStringList& paths) {
  std::vector<std::string> in, errors;
  for (const QString& p : paths) {
    in.push_back(p.toStdString());
    if (QFileInfo(p).isDir()) m_folders.push_back(in.back());
  }
  QSet<QString> listed, named;
  for (int i = 0; i < m_inputs->count(); ++i) listed.insert(QFileInfo(m_inputs->item(i)->text()).absoluteFilePath());
  for (const QString& p : paths)
    if (QFileInfo(p).isFile()) named.insert(QFileInfo(p).absoluteFilePath());
  // Not the output folder's earlier results, nor (in a folder) any other result of this program,
  // and no photo twice.
  int results = 0;
  for (const auto& f : pipeline::collectInputs(in, true, errors, m_outDir->text().toStdString())) {
    const QString file = QString::fromStdString(f), key = QFileInfo(file).absoluteFilePath();
    if (listed.contains(key)) continue;
    if (!named.contains(key) && image::isDrbnResult(f)) {
      ++results;
      continue;
    }
    listed.insert(key);
    m_inputs->addItem(file);
  }
  if (results > 0) m_summary->setText(tr("Left out earlier results of DRBN Studio found in the folder (their XMP says so): %L1").arg(results));
  for (const auto& e : errors) m_summary->setText(QString::fromStdString(e));
}

void BatchDialog::setOutputFolder(const QString& dir) { m_outDir->setText(dir); }

bool BatchDialog::hasInputsAndOutput() const { return m_inputs->count() > 0 && !m_outDir->text().isEmpty(); }

void BatchDialog::start() {
  if (!hasInputsAndOutput()) {
    m_summary->setText(tr("Add photos and choose an output folder first."));
    m_askedForInputs = true;
    return;
  }
  BatchRequest request;
  for (int i = 0; i < m_inputs->count(); ++i) request.files << m_inputs->item(i)->text();
  request.outDir = m_outDir->text();
  auto& o = request.options;
  o.engine.stage = m_stage;
  if (m_settings->currentIndex() == 0) o.engine.adjustments = m_adjustments;
  o.format = m_output->format().toStdString();
  o.quality = m_output->quality();
  o.bitDepth = m_output->bitDepth();
  o.saveBands = m_saveBands->isChecked();
  o.namePattern = m_pattern->text().toStdString();
  o.mirrorFoldersBelow = m_folders;
  request.replace = m_replace->isChecked();
  QSettings settings;
  settings.setValue(QStringLiteral("folders/batch"), request.outDir);
  settings.setValue(QStringLiteral("export/pattern"), m_pattern->text());
  settings.setValue(QStringLiteral("export/format"), m_output->format());
  settings.setValue(QStringLiteral("export/quality"), m_output->quality());
  settings.setValue(QStringLiteral("export/bitDepth"), m_output->bitDepth());
  settings.setValue(QStringLiteral("export/replace"), request.replace);
  if (!m_running) {  // a new run: its own list and counts
    m_status->clear();
    m_done = m_failures = m_kept = m_cancelled = m_total = 0;
  }
  m_summary->setText(tr("Exporting..."));
  for (const QString& f : request.files) {
    auto* item = new QTreeWidgetItem(m_status, {QFileInfo(f).fileName(), m_running || !m_queue.empty() ? tr("queued") : tr("waiting")});
    item->setToolTip(0, f);
  }
  m_total += int(request.files.size());
  m_progress->setMaximum(m_total);
  m_queue.push_back(std::move(request));  // the photo list stays, to export again with other settings
  if (!m_running) runNext();
}

void BatchDialog::runNext() {
  if (m_queue.empty()) {
    m_running = false;
    m_cancelButton->setEnabled(false);
    const int exported = m_done - m_failures - m_kept - m_cancelled;
    QStringList parts{tr("%Ln exported", nullptr, exported)};
    if (m_kept) parts << tr("%Ln kept (already in the output folder)", nullptr, m_kept);
    if (m_failures) parts << tr("%Ln failed (reasons in the list)", nullptr, m_failures);
    if (m_cancelled) parts << tr("%Ln not exported", nullptr, m_cancelled);
    m_summary->setText((m_cancelled ? tr("Cancelled: %1.") : tr("Done: %1.")).arg(parts.join(QStringLiteral(", "))));
    Q_EMIT allFinished();
    return;
  }
  m_running = true;
  m_cancelButton->setEnabled(true);
  const int firstRow = m_done;
  BatchRequest request = std::move(m_queue.front());
  m_queue.pop_front();
  m_cancel = std::make_shared<std::atomic<bool>>(false);
  // The worker gets copies; results come back through the relay.
  auto relay = std::make_shared<BatchRelay>();
  connect(relay.get(), &BatchRelay::fileDone, this, &BatchDialog::fileDone, Qt::QueuedConnection);
  connect(relay.get(), &BatchRelay::finished, this, &BatchDialog::runNext, Qt::QueuedConnection);
  QThreadPool::globalInstance()->start([relay, request, firstRow, enhancer = m_enhancer, cancel = m_cancel]() mutable {
    // Outputs are planned before the first is written: none may replace an input of the batch
    // or another's result, nor a file already there unless the dialog's box says so.
    std::vector<std::string> files;
    for (const QString& f : request.files) files.push_back(f.toStdString());
    const auto plan = pipeline::planBatch(files, request.outDir.toStdString(), request.options,
                                          request.replace ? pipeline::ExistingOutput::Replace : pipeline::ExistingOutput::Refuse);
    std::map<std::string, pipeline::BatchPlan::Refusal> refused;
    for (const auto& r : plan.refused) refused.emplace(r.file, r);
    for (int i = 0; i < request.files.size(); ++i) {
      QString output, error;
      bool kept = false;
      if (const auto r = refused.find(files[size_t(i)]); r != refused.end()) {
        error = refusalInWords(r->second);
        kept = r->second.alreadyThere();
      } else if (cancel->load()) {
        error = cancelledMessage();
      } else {
        error = fileFailure([&] {
          output = QString::fromStdString(pipeline::enhanceFile(*enhancer, request.files[i].toStdString(),
                                                                request.outDir.toStdString(), request.options, {},
                                                                cancel.get()).output);
        });
      }
      Q_EMIT relay->fileDone(firstRow + i, output, error, kept);
    }
    enhancer->releaseMemory();  // kept from photo to photo while the batch ran
    Q_EMIT relay->finished();
    releaseOnGuiThread(std::move(relay));
  });
}

void BatchDialog::fileDone(int row, const QString& output, const QString& error, bool kept) {
  ++m_done;
  const bool cancelled = error == cancelledMessage();
  if (kept) ++m_kept;
  else if (cancelled) ++m_cancelled;
  else if (!error.isEmpty()) ++m_failures;
  m_progress->setValue(m_done - m_cancelled);  // a cancelled batch does not read 100%
  if (QTreeWidgetItem* item = m_status->topLevelItem(row)) {
    const QString status = kept        ? tr("kept: %1 (\"Replace files already in the output folder\" replaces it)").arg(error)
                           : cancelled   ? tr("not exported (cancelled)")
                           : error.isEmpty() ? tr("written to %1").arg(output)
                                             : tr("failed: %1").arg(error);
    item->setText(1, status);
    item->setToolTip(1, status);  // a long reason, whole
  }
}

void BatchDialog::cancel() {
  if (m_cancel) *m_cancel = true;
  m_queue.clear();
}

void BatchDialog::closeEvent(QCloseEvent* event) {
  cancel();
  event->accept();
}

}  // namespace drbn::ui

#include "batchdialog.moc"
