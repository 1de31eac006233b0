// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/datasetpage.h"

#include "core/io/numbers.h"
#include "ui/backgroundwork.h"
#include "ui/moshistogram.h"

#include "core/curate/exporter.h"
#include "core/curate/filter.h"
#include "core/curate/qualityscorer.h"
#include "core/io/atomicfile.h"
#include "ui/catalogmodel.h"
#include "ui/thumbnailcache.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace drbn::ui {
namespace {

QString number(double v, int precision = 3) {
  return std::isnan(v) ? QCoreApplication::translate("DatasetPage", "unknown") : QLocale().toString(v, 'f', precision);
}

/// A part of an export's split ("train", "validation", "test"), as the export dialog names it.
QString partInWords(const std::string& part) {
  if (part == "train") return DatasetPage::tr("train");
  if (part == "validation") return DatasetPage::tr("validation");
  if (part == "test") return DatasetPage::tr("test");
  return QString::fromStdString(part);
}

QString exportProblemInWords(const curate::ExportProblem& problem) {
  const QString path = QString::fromStdString(problem.path);
  using Kind = curate::ExportProblem::Kind;
  switch (problem.kind) {
    case Kind::Unreadable: return DatasetPage::tr("not exported: %1").arg(errorInWords(problem.unreadable()));
    case Kind::SourceMissing: return DatasetPage::tr("%1: no longer there").arg(path);
    case Kind::TargetExists: return DatasetPage::tr("%1: exists; not overwritten").arg(path);
    case Kind::NotPlaced: break;
  }
  return DatasetPage::tr("%1: cannot be written (%2)").arg(path, QString::fromStdString(problem.detail));
}

}  // namespace

DatasetPage::DatasetPage(QWidget* parent, ThumbnailCache* thumbnails)
    : QWidget(parent), m_thumbnails(thumbnails ? thumbnails : new ThumbnailCache(this)),
      m_model(new CatalogModel(m_thumbnails, this)) {
  createWidgets();
  const QString last = QSettings().value(QStringLiteral("dataset/catalog")).toString();
  if (!last.isEmpty() && QFileInfo::exists(last)) openCatalog(last);
  enableControls(true);
}

void DatasetPage::enableControls(bool idle) {
  for (QWidget* w : m_needIdle) w->setEnabled(idle);
  for (QWidget* w : m_needCatalog) w->setEnabled(idle && m_catalog);
  for (QWidget* w : m_needWritable) w->setEnabled(idle && m_catalog && !m_readOnly);
}

DatasetPage::~DatasetPage() {
  if (m_cancel) *m_cancel = true;
}

void DatasetPage::createWidgets() {
  auto* bar = new QHBoxLayout;
  enum Needs { Idle, Catalog, WritableCatalog };
  const auto button = [&](const QString& text, const QString& tip, auto slot, Needs needs) {
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setToolTip(tip);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(b, &QToolButton::clicked, this, slot);
    bar->addWidget(b);
    (needs == WritableCatalog ? m_needWritable : needs == Catalog ? m_needCatalog : m_needIdle) << b;
    return b;
  };
  button(tr("New Catalog…"), tr("Create a catalog file for a dataset"), [this] { chooseCatalog(true); }, Idle);
  button(tr("Open Catalog…"), tr("Open a catalog file"), [this] { chooseCatalog(false); }, Idle);
  button(tr("Import AVA…"), tr("Add AVA's photos with their votes (AVA.txt and the image folder)"), [this] { chooseAva(); }, WritableCatalog);
  button(tr("Import Folder…"), tr("Add the photos of a folder; XMP ratings are taken over"), [this] { chooseFolder(); }, WritableCatalog);
  button(tr("Measure"), tr("Compute exposure, sharpness, noise, size and near-duplicates of unmeasured photos"),
         [this] { measure(); }, WritableCatalog);
  button(tr("Measure Quality…"), tr("Score photos with a stage-2 quality discriminator (a training checkpoint)"), [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Quality Discriminator"), QString(),
                                                      tr("Weights (*.safetensors *.pt *.pth);;All files (*)"));
    if (!file.isEmpty()) measure(file);
  }, WritableCatalog);
  button(tr("Export…"), tr("Copy or link the shown photos into a folder, with manifest and split"), [this] { exportDialog(); }, Catalog);
  button(tr("Check Pairs…"), tr("Check paired low/normal-light folders: matching names and sizes, the low image darker"),
         [this] { choosePairs(); }, Idle);
  bar->addStretch();
  m_progress = new QProgressBar(this);
  m_progress->setMaximumWidth(220);
  m_progress->setVisible(false);
  m_cancelButton = new QToolButton(this);
  m_cancelButton->setText(tr("Cancel"));
  m_cancelButton->setVisible(false);
  connect(m_cancelButton, &QToolButton::clicked, this, [this] {
    if (m_cancel) *m_cancel = true;
  });
  bar->addWidget(m_progress);
  bar->addWidget(m_cancelButton);

  auto* filterBar = new QHBoxLayout;
  m_filter = new QLineEdit(this);
  m_filter->setPlaceholderText(tr("Filter, e.g. votes >= 100 and sharpness > 50 and not reject"));
  m_filter->setClearButtonEnabled(true);
  m_filter->setToolTip(tr("Fields: %1. Combine with and, or, not and parentheses.")
                           .arg(QStringList([] {
                                  QStringList names;
                                  for (const auto& f : curate::fields()) names << QString::fromLatin1(f.name);
                                  return names;
                                }())
                                    .join(QStringLiteral(", "))));
  m_refilterTimer = new QTimer(this);
  m_refilterTimer->setSingleShot(true);
  m_refilterTimer->setInterval(150);  // typing pauses, then the list follows
  connect(m_refilterTimer, &QTimer::timeout, this, [this] { setFilterText(m_filter->text()); });
  connect(m_filter, &QLineEdit::textEdited, m_refilterTimer, qOverload<>(&QTimer::start));
  m_mos = new QDoubleSpinBox(this);
  m_mos->setRange(0, 10);
  m_mos->setSingleStep(0.1);
  m_mos->setDecimals(2);
  m_mos->setPrefix(tr("MOS ≥ "));
  m_mos->setSpecialValueText(tr("MOS: any"));
  m_mos->setToolTip(tr("Mean opinion score threshold (drawn on the histogram)"));
  connect(m_mos, &QDoubleSpinBox::valueChanged, this, &DatasetPage::setMosThreshold);
  m_sort = new QComboBox(this);
  for (const auto& f : curate::fields()) m_sort->addItem(tr("Sort by %1").arg(QString::fromLatin1(f.name)), QString::fromLatin1(f.name));
  m_sort->setCurrentIndex(m_sort->findData(QStringLiteral("mos")));
  m_descending = new QCheckBox(tr("Descending"), this);
  m_descending->setChecked(true);
  connect(m_sort, &QComboBox::currentIndexChanged, this, &DatasetPage::refilter);
  connect(m_descending, &QCheckBox::toggled, this, &DatasetPage::refilter);
  m_count = new QLabel(this);
  m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(tr("%L1 of %L2 photos").arg(255000).arg(255000)));
  filterBar->addWidget(m_filter, 1);
  filterBar->addWidget(m_mos);
  filterBar->addWidget(m_sort);
  filterBar->addWidget(m_descending);
  filterBar->addWidget(m_count);
  m_filterError = new QLabel(this);
  m_filterError->setStyleSheet(QStringLiteral("color: #c0392b"));
  m_filterError->setVisible(false);

  m_grid = new QListView(this);
  m_grid->setModel(m_model);
  m_grid->setViewMode(QListView::IconMode);
  m_grid->setResizeMode(QListView::Adjust);
  m_grid->setMovement(QListView::Static);
  m_grid->setUniformItemSizes(true);  // keeps layout linear in the number of photos
  m_grid->setLayoutMode(QListView::Batched);
  m_grid->setBatchSize(2000);
  m_grid->setIconSize(QSize(ThumbnailCache::kSize, ThumbnailCache::kSize));
  m_grid->setItemDelegate(new CatalogDelegate(m_grid));
  m_grid->setSpacing(4);
  m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
  connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, &DatasetPage::showCurrent);
  // Double-click or Enter: the photo on the Enhance page.
  connect(m_grid, &QListView::activated, this, [this](const QModelIndex& index) {
    if (index.isValid()) Q_EMIT openPhoto(QString::fromStdString(m_model->itemAt(index.row()).path));
  });

  m_catalogLabel = new QLabel(this);
  m_catalogLabel->setWordWrap(true);
  m_preview = new QLabel(this);
  m_preview->setAlignment(Qt::AlignCenter);
  m_preview->setMinimumSize(320, 240);
  m_details = new QLabel(this);
  m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  m_details->setWordWrap(true);
  m_histogram = new MosHistogram(this);
  auto* side = new QWidget(this);
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->addWidget(m_catalogLabel);
  sideLayout->addWidget(m_preview);
  sideLayout->addWidget(m_details, 1);
  sideLayout->addWidget(m_histogram);

  auto* splitter = new QSplitter(this);
  splitter->addWidget(m_grid);
  splitter->addWidget(side);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 1);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addLayout(filterBar);
  layout->addWidget(m_filterError);
  layout->addWidget(splitter, 1);
  m_needCatalog << m_filter << m_mos << m_sort << m_descending << m_grid;

  // Lightroom's and darktable's keys: 0-5 stars, P pick, X reject, U unflag.
  for (int stars = 0; stars <= 5; ++stars) {
    auto* key = new QShortcut(QKeySequence(Qt::Key_0 + stars), m_grid, [this, stars] { rateSelected(stars); });
    key->setContext(Qt::WidgetShortcut);
  }
  const std::pair<Qt::Key, curate::Flag> flags[] = {
      {Qt::Key_P, curate::Flag::Pick}, {Qt::Key_X, curate::Flag::Reject}, {Qt::Key_U, curate::Flag::None}};
  for (const auto& [k, flag] : flags) {
    auto* key = new QShortcut(QKeySequence(k), m_grid, [this, flag = flag] { flagSelected(flag); });
    key->setContext(Qt::WidgetShortcut);
  }
}

bool DatasetPage::openCatalog(const QString& path) {
  if (m_busy) return false;
  m_catalog.reset();
  m_readOnly = false;
  try {
    m_catalog = std::make_unique<curate::Catalog>(path.toStdString());
  } catch (const std::exception& e) {
    // On read-only media or a full disk the catalog can still be looked at and exported from.
    try {
      if (QFileInfo(path).isFile())
        m_catalog = std::make_unique<curate::Catalog>(path.toStdString(), curate::Catalog::Access::ReadOnly);
    } catch (const std::exception&) {
    }
    m_readOnly = m_catalog != nullptr;
    if (!m_catalog) QMessageBox::warning(this, tr("Cannot Open Catalog"), QString::fromStdString(e.what()));
  }
  enableControls(!m_busy);
  if (!m_catalog) return false;
  QSettings().setValue(QStringLiteral("dataset/catalog"), path);
  const QString name = QFileInfo(path).absoluteFilePath().toHtmlEscaped();
  m_catalogLabel->setText(m_readOnly ? tr("<b>Catalog:</b> %1 (read-only: it cannot be written here)").arg(name)
                                     : tr("<b>Catalog:</b> %1").arg(name));
  reload();
  return true;
}

QString DatasetPage::catalogPath() const { return m_catalog ? QString::fromStdString(m_catalog->path()) : QString(); }

void DatasetPage::reload() {
  if (!m_catalog) return;
  try {
    m_model->setItems(m_catalog->items());
    m_tagNames = m_catalog->tagNames();
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Catalog"), QString::fromStdString(e.what()));
  }
  // Sorting by a field no photo has a value for (AVA's scores in a folder of one's own photos,
  // signals before measuring) would sort nothing: such fields are not offered.
  auto* list = qobject_cast<QListView*>(m_sort->view());
  for (int row = 0; row < m_sort->count(); ++row) {
    const curate::Field* field = curate::findField(m_sort->itemData(row).toString().toStdString());
    const bool known = std::any_of(m_model->items().begin(), m_model->items().end(),
                                   [field](const curate::Item& it) { return !std::isnan(field->value(it)); });
    if (list) list->setRowHidden(row, !known);
    if (!known && row == m_sort->currentIndex()) {
      const QSignalBlocker quiet(m_sort), quieter(m_descending);  // refiltered below
      m_sort->setCurrentIndex(m_sort->findData(QStringLiteral("id")));  // in the order they came in
      m_descending->setChecked(false);
    }
  }
  refilter();
}

void DatasetPage::setFilterText(const QString& text) {
  if (m_filter->text() != text) m_filter->setText(text);
  m_filterText = text;
  refilter();
}

void DatasetPage::setMosThreshold(double threshold) {
  m_threshold = threshold;
  if (m_mos->value() != threshold) m_mos->setValue(threshold);
  refilter();
}

void DatasetPage::refilter() {
  std::string expression = m_filterText.trimmed().toStdString();
  if (m_threshold > 0) {
    // Written the same under any locale: std::to_string follows LC_NUMERIC ("6,500000" in German),
    // which the filter language does not read.
    const std::string mos = "mos >= " + io::formatNumber(m_threshold);
    expression = expression.empty() ? mos : mos + " and (" + expression + ")";
  }
  try {
    const curate::Filter filter(expression);
    QElapsedTimer timer;
    timer.start();
    m_model->setShown(curate::select(m_model->items(), filter, m_sort->currentData().toString().toStdString(),
                                     m_descending->isChecked()));
    m_filterError->setVisible(false);
    m_count->setText(tr("%L1 of %L2 photos").arg(m_model->rowCount()).arg(m_model->items().size()));
    Q_EMIT statusMessage(tr("Filter: %L1 of %L2 photos match (%L3 ms)").arg(m_model->rowCount()).arg(m_model->items().size()).arg(timer.elapsed()));
  } catch (const curate::FilterError& e) {
    m_filterError->setText(QString::fromStdString(e.what()));
    m_filterError->setVisible(true);
  }
  updateHistogram();
  showCurrent();
}

void DatasetPage::updateHistogram() { m_histogram->setScores(m_model->items(), m_model->shown(), m_threshold); }

void DatasetPage::showCurrent() {
  const QModelIndex current = m_grid->currentIndex();
  if (!current.isValid()) {
    m_preview->clear();
    m_details->setText(m_catalog ? tr("Select a photo to see its scores and signals. Keys: 0–5 stars, P pick, X reject, U unflag.")
                                 : tr("Open or create a catalog to start: a SQLite file that keeps the photos, their scores "
                                      "and signals, and every decision."));
    return;
  }
  const curate::Item& it = m_model->itemAt(current.row());
  const QString path = QString::fromStdString(it.path);
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QSize size = reader.size();
  if (size.isValid()) reader.setScaledSize(size.scaled(m_preview->width(), m_preview->height(), Qt::KeepAspectRatio));
  const QImage image = reader.read();
  m_preview->setPixmap(image.isNull() ? QPixmap() : QPixmap::fromImage(image));
  if (image.isNull()) m_preview->setText(it.present ? reader.errorString() : tr("missing on disk"));

  QString html = QStringLiteral("<b>%1</b><table>").arg(path.toHtmlEscaped());
  const auto row = [&html](const QString& name, const QString& value) {
    html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(name, value.toHtmlEscaped());
  };
  row(tr("Decision"), starsText(it.decision.rating) +
                          (it.decision.flag == curate::Flag::Pick ? tr(", picked")
                           : it.decision.flag == curate::Flag::Reject ? tr(", rejected") : QString()));
  if (it.avaId >= 0) {
    row(tr("AVA id"), QString::number(it.avaId));
    row(tr("MOS"), tr("%1 (std %2, %3 votes)").arg(number(it.mos)).arg(number(it.std)).arg(it.votes));
    QStringList tagText;
    for (int t : it.tags)
      if (t) tagText << (m_tagNames.count(t) ? QString::fromStdString(m_tagNames.at(t)) : QString::number(t));
    row(tr("Tags"), tagText.join(QStringLiteral(", ")));
    row(tr("Challenge"), QString::number(it.challenge));
  }
  if (it.measured) {
    const auto& s = it.signals;
    row(tr("Size"), tr("%1 × %2").arg(s.width).arg(s.height));
    row(tr("Brightness"), number(s.brightness));
    row(tr("Clipped"), tr("%1% shadows, %2% highlights").arg(QLocale().toString(s.clippedShadows * 100, 'f', 1)).arg(QLocale().toString(s.clippedHighlights * 100, 'f', 1)));
    row(tr("Sharpness"), number(s.sharpness, 1));
    row(tr("Noise"), number(s.noise, 2));
    if (!std::isnan(s.quality)) row(tr("Quality"), number(s.quality));
    int members = 0;
    for (const auto& other : m_model->items()) members += it.group >= 0 && other.group == it.group;
    row(tr("Near-duplicates"), members > 1 ? tr("group %1, %2 photos").arg(it.group).arg(members) : tr("none"));
  } else if (!it.unreadable.empty()) {
    row(tr("Signals"), tr("unreadable: %1").arg(errorInWords(curate::unreadableError(it))));
  } else {
    row(tr("Signals"), tr("not measured yet"));
  }
  m_details->setText(html + QStringLiteral("</table>"));
}

void DatasetPage::setDecisionFor(const QList<int>& rows, const std::function<void(curate::Decision&)>& change) {
  if (!m_catalog) return;
  if (m_readOnly) {
    Q_EMIT statusMessage(tr("The catalog is read-only here: ratings and flags cannot be saved"));
    return;
  }
  QStringList failures;
  for (int row : rows) {
    curate::Decision d = m_model->itemAt(row).decision;
    change(d);
    try {
      m_catalog->setDecision(m_model->itemAt(row).id, d);
    } catch (const io::FileError& e) {  // committed to the catalog; the sidecar failed
      failures << QString::fromStdString(e.what());
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Decision Not Saved"), QString::fromStdString(e.what()));
      return;
    }
    m_model->setDecision(row, d);
  }
  if (!failures.isEmpty())
    Q_EMIT statusMessage(tr("Saved in the catalog, but XMP sidecars could not be written (%L1), the first: %2")
                             .arg(failures.size()).arg(failures.first()));
  showCurrent();
}

void DatasetPage::rateSelected(int stars) {
  QList<int> rows;
  for (const QModelIndex& i : m_grid->selectionModel()->selectedIndexes()) rows << i.row();
  setDecisionFor(rows, [stars](curate::Decision& d) { d.rating = stars; });
}

void DatasetPage::flagSelected(curate::Flag flag) {
  QList<int> rows;
  for (const QModelIndex& i : m_grid->selectionModel()->selectedIndexes()) rows << i.row();
  setDecisionFor(rows, [flag](curate::Decision& d) { d.flag = flag; });
}

/// Carries a job's progress and outcome to the page (see backgroundwork.h): queued signals that
/// stop when the page is gone, where reading a QPointer on the worker's thread was a race.
class CurateJobRelay : public QObject {
  Q_OBJECT
 Q_SIGNALS:
  void progress(int done, int total);
  void finished(const QString& summary);
};

void DatasetPage::runJob(const QString& what, std::function<QString(const std::atomic_bool&, const Progress&)> work,
                         std::function<void()> done) {
  if (m_busy) return;
  m_busy = true;
  m_cancel = std::make_shared<std::atomic_bool>(false);
  enableControls(false);
  m_progress->setRange(0, 0);
  m_progress->setFormat(what + QStringLiteral(" %p%"));
  m_progress->setVisible(true);
  m_cancelButton->setVisible(true);
  Q_EMIT statusMessage(what);
  auto relay = std::make_shared<CurateJobRelay>();
  connect(relay.get(), &CurateJobRelay::progress, this, [this](int done, int total) {
    m_progress->setRange(0, total);
    m_progress->setValue(done);
  });
  connect(relay.get(), &CurateJobRelay::finished, this, [this, done = std::move(done)](const QString& summary) {
    if (done) done();
    m_busy = false;
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);
    enableControls(true);
    reload();
    Q_EMIT statusMessage(summary);
    Q_EMIT finished(summary);
  });
  QThreadPool::globalInstance()->start([relay, cancel = m_cancel, work = std::move(work)]() mutable {
    QElapsedTimer sinceReport;
    sinceReport.start();
    const Progress progress = [&](int done, int total) {
      if (sinceReport.elapsed() < 100 && done != total) return;  // ~10 updates a second reach the GUI
      sinceReport.restart();
      Q_EMIT relay->progress(done, total);
    };
    QString summary;
    try {
      summary = work(*cancel, progress);
    } catch (const std::exception& e) {
      summary = QString::fromStdString(e.what());
    }
    Q_EMIT relay->finished(summary);
    releaseOnGuiThread(std::move(relay));
  });
}

void DatasetPage::runInBackground(const QString& what,
                                  std::function<QString(curate::Catalog&, const std::atomic_bool&, const Progress&)> work) {
  if (!m_catalog) return;
  runJob(what, [path = m_catalog->path(), work = std::move(work)](const std::atomic_bool& cancel, const Progress& progress) {
    curate::Catalog catalog(path);
    return work(catalog, cancel, progress);
  });
}

void DatasetPage::importAva(const QString& avaTxt, const QString& imagesDir) {
  runInBackground(tr("Importing AVA…"), [avaTxt, imagesDir](curate::Catalog& catalog, const std::atomic_bool& cancel, const Progress& progress) {
    const auto list = curate::parseAva(avaTxt.toStdString());
    // tags.txt and challenges.txt ship beside AVA.txt.
    const QDir dir = QFileInfo(avaTxt).dir();
    const auto names = [&dir](const QString& file) {
      return dir.exists(file) ? curate::parseIdNames(dir.filePath(file).toStdString()) : std::map<int, std::string>{};
    };
    const auto report = catalog.importAva(list, imagesDir.toStdString(), names(QStringLiteral("tags.txt")),
                                          names(QStringLiteral("challenges.txt")), &cancel, progress);
    if (report.cancelled) return tr("AVA import cancelled: no photos added");
    QString summary = tr("AVA: %L1 added, %L2 updated, %L3 missing on disk, %L4 malformed lines")
                          .arg(report.added).arg(report.updated).arg(report.missing).arg(report.problems.size());
    if (!report.problems.empty())
      summary += tr(" (first: line %1: %2)").arg(report.problems[0].line).arg(QString::fromStdString(report.problems[0].reason));
    return summary;
  });
}

void DatasetPage::importFolder(const QString& dir) {
  runInBackground(tr("Importing photos…"), [dir](curate::Catalog& catalog, const std::atomic_bool& cancel, const Progress& progress) {
    const auto report = catalog.importFolder(dir.toStdString(), &cancel, progress);
    if (report.cancelled) return tr("Import cancelled: no photos added");
    QString summary = tr("%L1 photos added, %L2 already known, %L3 ratings read from XMP").arg(report.added).arg(report.updated).arg(report.decisions);
    if (report.unreadable > 0) summary += tr("; no image: %L1 (dimmed; hover for why)").arg(report.unreadable);
    return summary;
  });
}

void DatasetPage::measure(const QString& discriminator) {
  runInBackground(tr("Measuring…"), [discriminator](curate::Catalog& catalog, const std::atomic_bool& cancel, const Progress& progress) {
    std::unique_ptr<curate::QualityScorer> scorer;
    if (!discriminator.isEmpty()) scorer = std::make_unique<curate::QualityScorer>(discriminator.toStdString());
    std::vector<curate::Item> todo;
    for (auto& item : catalog.items())
      if (item.present && curate::needsMeasuring(item, scorer != nullptr)) todo.push_back(std::move(item));
    int done = 0, failed = 0;
    for (const auto& item : todo) {
      if (cancel) break;
      failed += !curate::measureInto(catalog, item, scorer.get()).empty();
      progress(++done, int(todo.size()));
    }
    const int groups = catalog.updateNearDuplicateGroups();
    return tr("Photos measured: %L1%2; unreadable: %L3; groups of near-duplicates: %L4")
        .arg(done - failed).arg(cancel ? tr(" (cancelled)") : QString()).arg(failed).arg(groups);
  });
}

void DatasetPage::chooseCatalog(bool create) {
  QSettings settings;
  const QString dir = settings.value(QStringLiteral("dataset/folder"), QDir::homePath()).toString();
  const QString filter = tr("DRBN catalogs (*.drbncat);;All files (*)");
  QString path = create ? QFileDialog::getSaveFileName(this, tr("New Catalog"), dir + QStringLiteral("/dataset.drbncat"), filter)
                        : QFileDialog::getOpenFileName(this, tr("Open Catalog"), dir, filter);
  if (path.isEmpty()) return;
  if (create && QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".drbncat");
  settings.setValue(QStringLiteral("dataset/folder"), QFileInfo(path).absolutePath());
  openCatalog(path);
}

void DatasetPage::chooseAva() {
  const QString ava = QFileDialog::getOpenFileName(this, tr("AVA List"), QString(), tr("AVA list (AVA.txt *.txt);;All files (*)"));
  if (ava.isEmpty()) return;
  const QString guess = QFileInfo(ava).dir().filePath(QStringLiteral("images"));
  const QString images = QFileDialog::getExistingDirectory(this, tr("Folder of AVA's <id>.jpg Files"),
                                                           QFileInfo::exists(guess) ? guess : QFileInfo(ava).absolutePath());
  if (!images.isEmpty()) importAva(ava, images);
}

void DatasetPage::chooseFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Import Photos From"));
  if (!dir.isEmpty()) importFolder(dir);
}

void DatasetPage::choosePairs() {
  QSettings settings;
  const QString low = QFileDialog::getExistingDirectory(this, tr("Low-Light Images"), settings.value(QStringLiteral("dataset/pairsLow")).toString());
  if (low.isEmpty()) return;
  const QString normal = QFileDialog::getExistingDirectory(this, tr("Normal-Light Images"), QFileInfo(low).absolutePath());
  if (normal.isEmpty()) return;
  settings.setValue(QStringLiteral("dataset/pairsLow"), low);
  checkPairs(low, normal);
}

void DatasetPage::checkPairs(const QString& low, const QString& normal) {
  // The worker fills the report; the page shows it when the job ends, on its own thread.
  auto report = std::make_shared<curate::PairReport>();
  auto cancelled = std::make_shared<bool>(false);
  auto summaryOf = [report, cancelled] {
    return tr("Pairs: %L1, good: %L2, problems: %L3.").arg(report->pairs).arg(report->good).arg(report->problems.size()) +
           (*cancelled ? tr(" (cancelled)") : QString());
  };
  runJob(
      tr("Checking pairs in %1 and %2…").arg(low, normal),
      [report, cancelled, summaryOf, low, normal](const std::atomic_bool& cancel, const Progress& progress) {
        *report = curate::verifyPairs(low.toStdString(), normal.toStdString(), progress, &cancel);
        *cancelled = cancel;
        return summaryOf();
      },
      [this, report, summaryOf, low, normal] {
        const bool problems = !report->problems.empty();
        auto* box = new QMessageBox(problems ? QMessageBox::Warning : QMessageBox::Information, tr("Paired Folders"),
                                    summaryOf(), QMessageBox::Close, this);
        if (problems) {
          QStringList lines;
          for (const auto& p : report->problems) lines << dataProblemInWords(p);
          box->setDetailedText(lines.join(QLatin1Char('\n')));
          box->setInformativeText(tr("Training leaves out names without a partner, but does not start on pairs of "
                                     "different sizes or damaged images: mend those first (details below)."));
        }
        if (report->good > 0) {
          QPushButton* use = box->addButton(tr("Use for Training"), QMessageBox::AcceptRole);
          connect(use, &QPushButton::clicked, this, [this, low, normal] { Q_EMIT usePairsForTraining(low, normal); });
        }
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
      });
}

void DatasetPage::exportDialog() {
  if (!m_catalog || m_model->rowCount() == 0) return;
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Export Photos (%L1)").arg(m_model->rowCount()));
  auto* form = new QFormLayout(&dialog);
  auto* folder = new QLineEdit(QSettings().value(QStringLiteral("dataset/exportFolder")).toString(), &dialog);
  auto* browse = new QToolButton(&dialog);
  browse->setText(tr("…"));
  connect(browse, &QToolButton::clicked, &dialog, [&] {
    const QString d = QFileDialog::getExistingDirectory(&dialog, tr("Export To"), folder->text());
    if (!d.isEmpty()) folder->setText(d);
  });
  auto* folderRow = new QHBoxLayout;
  folderRow->addWidget(folder, 1);
  folderRow->addWidget(browse);
  form->addRow(tr("Folder:"), folderRow);
  auto* mode = new QComboBox(&dialog);
  mode->addItem(tr("Copy"), int(curate::ExportMode::Copy));
  mode->addItem(tr("Hard link (no extra space, same disk)"), int(curate::ExportMode::HardLink));
  mode->addItem(tr("Symbolic link"), int(curate::ExportMode::SymLink));
  form->addRow(tr("Files:"), mode);
  auto* split = new QCheckBox(tr("Split into train / validation / test (near-duplicates stay together)"), &dialog);
  form->addRow(split);
  QDoubleSpinBox* fractions[3];
  const double defaults[3] = {0.8, 0.1, 0.1};
  const QString names[3] = {tr("Train:"), tr("Validation:"), tr("Test:")};
  for (int i = 0; i < 3; ++i) {
    fractions[i] = new QDoubleSpinBox(&dialog);
    fractions[i]->setRange(0, 1);
    fractions[i]->setSingleStep(0.05);
    fractions[i]->setValue(defaults[i]);
    fractions[i]->setEnabled(false);
    connect(split, &QCheckBox::toggled, fractions[i], &QWidget::setEnabled);
    form->addRow(names[i], fractions[i]);
  }
  auto* seed = new QSpinBox(&dialog);
  seed->setRange(0, 1 << 30);
  seed->setValue(1);
  form->addRow(tr("Seed:"), seed);
  auto* toTraining = new QCheckBox(tr("Use as the high-quality set on the Training page"), &dialog);
  form->addRow(toTraining);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  form->addRow(buttons);
  if (dialog.exec() != QDialog::Accepted || folder->text().isEmpty()) return;
  QSettings().setValue(QStringLiteral("dataset/exportFolder"), folder->text());

  curate::ExportOptions options;
  options.outDir = folder->text().toStdString();
  options.mode = curate::ExportMode(mode->currentData().toInt());
  if (split->isChecked()) options.train = fractions[0]->value(), options.validation = fractions[1]->value(), options.test = fractions[2]->value();
  options.seed = unsigned(seed->value());
  options.tagNames = m_tagNames;
  options.challengeNames = m_catalog->challengeNames();
  std::vector<curate::Item> selection;
  for (int i : m_model->shown()) selection.push_back(m_model->items()[size_t(i)]);
  const QString out = folder->text();
  if (toTraining->isChecked())
    connect(this, &DatasetPage::finished, this, [this, out] { Q_EMIT useForTraining(out, true); }, Qt::SingleShotConnection);
  runInBackground(tr("Exporting…"), [options, selection = std::move(selection)](curate::Catalog&, const std::atomic_bool& cancel,
                                                                               const Progress& progress) mutable {
    options.cancel = &cancel;
    options.progress = progress;
    const auto report = curate::exportItems(selection, options);
    QString summary = tr("%L1 photos exported to %2, %L3 skipped").arg(report.exported)
                          .arg(QString::fromStdString(options.outDir)).arg(report.errors.size());
    if (!report.emptyParts.empty()) {
      QStringList empty;
      for (const auto& part : report.emptyParts) empty << partInWords(part);
      summary += tr("; none went to %1: too few photos for the split").arg(empty.join(QStringLiteral(", ")));
    }
    if (report.cancelled) summary += tr(" (cancelled)");
    if (!report.errors.empty()) summary += tr(" (first: %1)").arg(exportProblemInWords(report.errors[0]));
    return summary;
  });
}

}  // namespace drbn::ui

#include "datasetpage.moc"
