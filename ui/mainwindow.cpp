// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include "core/image/imagefile.h"
#include "core/weights/weightfile.h"
#include "ui/backgroundwork.h"
#include "ui/bandexplorer.h"
#include "ui/batchdialog.h"
#include "ui/compareview.h"
#include "ui/datasetpage.h"
#include "ui/enginecontroller.h"
#include "ui/enhancepage.h"
#include "ui/thumbnailcache.h"
#include "ui/trainingpage.h"
#include "ui/tuningpanel.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QToolButton>
#include <QMimeData>
#include <QComboBox>
#include <QScrollArea>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QStatusBar>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <opencv2/core/version.hpp>

namespace drbn::ui {
namespace {

constexpr int kMaxRecent = 10;

QString imageFilter() {
  return QCoreApplication::translate("MainWindow", "Photos (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp);;All files (*)");
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("DRBN Studio"));
  setAcceptDrops(true);
  QSettings settings;
  const QString restoreProblem = m_engines.startProblem();

  m_thumbnails = new ThumbnailCache(this);
  m_page = new EnhancePage(m_engines, m_thumbnails, this);
  connect(m_page, &EnhancePage::photoOpened, this, [this](const QString& path) {
    showPage(Page::Enhance);
    setWindowTitle(tr("%1 - DRBN Studio").arg(QFileInfo(path).fileName()));
    addRecent(path);
    QSettings().setValue(QStringLiteral("folders/open"), QFileInfo(path).absolutePath());
  });
  connect(m_page, &EnhancePage::statusMessage, this, &MainWindow::showStatus);
  connect(m_page, &EnhancePage::errorOccurred, this, &MainWindow::showError);
  connect(m_page, &EnhancePage::enhancementFinished, this, &MainWindow::enhancementFinished);
  connect(m_page, &EnhancePage::enhancementFailed, this, &MainWindow::enhancementFailed);
  connect(m_page, &EnhancePage::exportFinished, this, &MainWindow::exportFinished);

  m_training = new TrainingPage(this);
  connect(m_training, &TrainingPage::useModel, this, &MainWindow::useModelFiles);
  m_dataset = new DatasetPage(this, m_thumbnails);
  connect(m_dataset, &DatasetPage::useForTraining, this, [this](const QString& folder, bool highQuality) {
    if (highQuality) m_training->setQualityFolder(folder);
    else m_training->setDatasetRoot(folder);
    showPage(Page::Train);
  });
  connect(m_dataset, &DatasetPage::usePairsForTraining, this, [this](const QString& low, const QString& normal) {
    m_training->setPairedFolders(low, normal);
    showPage(Page::Train);
  });
  const auto showForAWhile = [this](const QString& text) { showStatus(text, 10000); };
  connect(m_training, &TrainingPage::statusMessage, this, showForAWhile);
  connect(m_dataset, &DatasetPage::statusMessage, this, showForAWhile);
  connect(m_dataset, &DatasetPage::openPhoto, this, &MainWindow::openPhoto);

  m_pages = new QStackedWidget(this);
  m_pages->addWidget(m_page);
  m_pages->addWidget(m_training);
  m_pages->addWidget(m_dataset);
  sizeToPage(0);
  m_pageTabs = new QTabBar(this);
  m_pageTabs->addTab(tr("Enhance"));
  m_pageTabs->addTab(tr("Train"));
  m_pageTabs->addTab(tr("Curate"));
  m_pageTabs->setToolTip(tr("Pages: Ctrl+Shift+1, 2, 3"));
  m_pageTabs->setExpanding(false);
  m_pageTabs->setDocumentMode(true);
  connect(m_pageTabs, &QTabBar::currentChanged, this, [this](int index) { showPage(Page(index)); });
  auto* central = new QWidget(this);
  auto* centralLayout = new QVBoxLayout(central);
  centralLayout->setContentsMargins(0, 0, 0, 0);
  centralLayout->setSpacing(0);
  centralLayout->addWidget(m_pageTabs);
  centralLayout->addWidget(m_pages, 1);
  setCentralWidget(central);
  createDocks();
  createActions();

  m_modelLabel = new QLabel(this);
  statusBar()->addWidget(m_page->pixelLabel(), 1);
  statusBar()->addPermanentWidget(m_page->progressBar());
  statusBar()->addPermanentWidget(m_page->cancelButton());
  statusBar()->addPermanentWidget(m_modelLabel);
  connect(statusBar(), &QStatusBar::messageChanged, statusBar(), [this](const QString& message) {
    if (message.isEmpty()) statusBar()->setToolTip({});  // showStatus() set the whole message there
  });
  updateModelStatus();
  if (!restoreProblem.isEmpty()) showStatus(restoreProblem, 15000);

  resize(1400, 900);
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks() {
  auto* tuningDock = new QDockWidget(tr("Recomposition"), this);
  tuningDock->setObjectName(QStringLiteral("tuningDock"));
  tuningDock->setWidget(m_page->tuningPanel());
  addDockWidget(Qt::RightDockWidgetArea, tuningDock);

  BandExplorer* explorer = m_page->bandExplorer();
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(explorer);
  scroll->setWidgetResizable(true);
  // The dock opens wide enough for the explorer's three columns; it scrolls only vertically.
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(explorer->minimumWidth() + scroll->verticalScrollBar()->sizeHint().width() +
                          2 * scroll->frameWidth());
  auto* explorerDock = new QDockWidget(tr("Band Explorer"), this);
  explorerDock->setObjectName(QStringLiteral("bandExplorerDock"));
  explorerDock->setWidget(scroll);
  // Both panels share the right side as tabs (titles on top), so the photo keeps most of the
  // window: side by side, three columns of bands and the sliders left the two panes ~250 px each
  // at 1400 px. Either can be dragged out where a researcher wants it; the layout is remembered.
  addDockWidget(Qt::RightDockWidgetArea, explorerDock);
  setTabPosition(Qt::RightDockWidgetArea, QTabWidget::North);
  tabifyDockWidget(tuningDock, explorerDock);
  tuningDock->raise();
  m_docks = {tuningDock, explorerDock};
}

void MainWindow::showPage(Page page) {
  const int index = int(page);
  if (m_pageTabs->currentIndex() != index) m_pageTabs->setCurrentIndex(index);  // comes back here
  if (m_pages->currentIndex() == index) return;
  const bool enhance = page == Page::Enhance;
  if (!enhance && currentPage() == Page::Enhance) {
    m_docksHidden.clear();
    for (QDockWidget* dock : m_docks)
      if (dock->isVisible()) {
        m_docksHidden << dock;
        dock->hide();
      }
  }
  m_pages->setCurrentIndex(index);
  sizeToPage(index);
  // The window's minimum recomputed now, from this page alone: docks shown beside the old page's
  // width otherwise grew the window to ~2000 px.
  m_pages->updateGeometry();
  centralWidget()->layout()->activate();
  layout()->activate();
  if (enhance) {
    for (QDockWidget* dock : m_docksHidden) dock->show();
    m_docksHidden.clear();
  }
  for (QAction* a : m_enhanceActions) a->setEnabled(enhance);
}

/// Only the page shown sets the window's minimum size: the Train page's form beside its charts
/// needs ~1080 px, which with both docks made the Enhance page wider than a 1280 px screen.
void MainWindow::sizeToPage(int index) {
  for (int i = 0; i < m_pages->count(); ++i) {
    const auto policy = i == index ? QSizePolicy::Preferred : QSizePolicy::Ignored;
    m_pages->widget(i)->setSizePolicy(policy, policy);
  }
}

MainWindow::Page MainWindow::currentPage() const { return Page(m_pages->currentIndex()); }

bool MainWindow::useModelFiles(const QString& bandNetwork, const QString& recomposer) {
  m_page->cancelEnhancing();
  try {
    m_engines.useFiles(bandNetwork, recomposer);
  } catch (const std::exception& e) {
    showError(tr("Cannot load model"), errorInWords(e));
    return false;
  }
  updateModelStatus();
  // Say what the model is: a stage-1 run trains a band network alone.
  showStatus(recomposer.isEmpty()
                 ? tr("Using the band network of %1 (stage 1: a stage-2 run adds its recomposition)")
                       .arg(QFileInfo(bandNetwork).dir().dirName())
                 : tr("Using the band network and recomposer of %1 (stage 2)").arg(QFileInfo(recomposer).dir().dirName()),
             10000);
  showPage(Page::Enhance);
  m_page->startEnhancing();
  return true;
}

void MainWindow::createActions() {
  auto add = [this](QMenu* menu, const QString& text, const QKeySequence& key, auto slot) {
    QAction* a = menu->addAction(text);
    if (!key.isEmpty()) {
      a->setShortcut(key);
      m_shortcutActions << a;
    }
    // First a value half-typed into the recomposition panel (a shortcut leaves its focus there),
    // so that an export, a batch or a stage switch uses what the panel shows.
    connect(a, &QAction::triggered, this, [this] { tuningPanel()->commitTypedValue(); });
    connect(a, &QAction::triggered, this, slot);
    return a;
  };

  QMenu* file = menuBar()->addMenu(tr("&File"));
  add(file, tr("&Open..."), QKeySequence::Open, &MainWindow::openDialog);
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  rebuildRecentMenu();
  m_enhanceActions << add(file, tr("&Next Photo in Folder"), QKeySequence(Qt::Key_PageDown), [this] { m_page->openAdjacent(1); });
  m_enhanceActions << add(file, tr("&Previous Photo in Folder"), QKeySequence(Qt::Key_PageUp), [this] { m_page->openAdjacent(-1); });
  file->addSeparator();
  add(file, tr("&Export Result..."), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { m_page->exportResult(); });
  add(file, tr("&Batch Export..."), QKeySequence(Qt::CTRL | Qt::Key_B), [this] {
    auto* dialog = new BatchDialog(m_engines.engine(), m_engines.stage(), m_page->adjustments(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
  });
  file->addSeparator();
  add(file, tr("&Quit"), QKeySequence::Quit, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = m_page->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = m_page->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);
  // Their text follows the stack ("Undo Adjust Recomposition"); the shortcut list names them plainly.
  undo->setProperty("shortcutName", tr("Undo"));
  redo->setProperty("shortcutName", tr("Redo"));
  m_shortcutActions << undo << redo;
  m_enhanceActions << add(edit, tr("&Enhance Again"), EnhancePage::enhanceAgainKey(), [this] { m_page->startEnhancing(); });
  add(edit, tr("Re&set Recomposition"), QKeySequence(Qt::CTRL | Qt::Key_R), [this] { m_page->resetAdjustments(); });
  edit->addSeparator();
  add(edit, tr("&Preferences..."), QKeySequence(QKeySequence::Preferences).isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Comma)
                                                                                     : QKeySequence(QKeySequence::Preferences),
      &MainWindow::showPreferences);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  const std::pair<QString, Page> pageList[] = {
      {tr("&Enhance Page"), Page::Enhance}, {tr("&Train Page"), Page::Train}, {tr("&Curate Page"), Page::Curate}};
  int pageKey = Qt::Key_1;
  for (const auto& [text, page] : pageList)
    add(view, text, QKeySequence(Qt::CTRL | Qt::SHIFT | pageKey++), [this, p = page] { showPage(p); });
  view->addSeparator();
  const qsizetype firstEnhanceOnly = m_shortcutActions.size();
  auto* modes = new QActionGroup(this);
  const std::pair<QString, CompareView::Mode> modeList[] = {
      {tr("&Side by Side"), CompareView::Mode::SideBySide}, {tr("S&plit"), CompareView::Mode::Split},
      {tr("&Enhanced Only"), CompareView::Mode::Enhanced}, {tr("&Original Only"), CompareView::Mode::Original}};
  int key = Qt::Key_1;
  for (const auto& [text, mode] : modeList) {
    QAction* a = add(view, text, QKeySequence(Qt::ALT | key++), [this, m = mode] { m_page->compareView()->setMode(m); });
    a->setCheckable(true);
    a->setChecked(mode == CompareView::Mode::SideBySide);
    modes->addAction(a);
  }
  view->addSeparator();
  add(view, tr("Zoom to &Fit"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_page->compareView()->zoomToFit(); });
  add(view, tr("&Actual Size (100%)"), QKeySequence(Qt::CTRL | Qt::Key_1), [this] { m_page->compareView()->zoomActualSize(); });
  add(view, tr("Zoom &In"), QKeySequence::ZoomIn, [this] { m_page->compareView()->zoomIn(); });
  add(view, tr("Zoom O&ut"), QKeySequence::ZoomOut, [this] { m_page->compareView()->zoomOut(); });
  view->addSeparator();
  BandExplorer* explorer = m_page->bandExplorer();
  add(view, tr("Show &Result"), QKeySequence(Qt::Key_R), [explorer] { explorer->select(explorer->resultIndex()); });
  add(view, tr("Show &Light Added"), QKeySequence(Qt::Key_D), [explorer] {
    if (explorer->itemCount() > 1) explorer->select(explorer->itemCount() - 2);
  });
  add(view, tr("Show &Noise"), QKeySequence(Qt::Key_N), [explorer] {
    if (explorer->itemCount() > 1) explorer->select(explorer->itemCount() - 1);
  });
  m_enhanceActions << m_shortcutActions.mid(firstEnhanceOnly);
  view->addSeparator();
  for (QDockWidget* dock : m_docks) {  // a closed panel comes back from here
    view->addAction(dock->toggleViewAction());
    m_enhanceActions << dock->toggleViewAction();
  }

  QMenu* model = menuBar()->addMenu(tr("&Model"));
  add(model, tr("Load &Band Network..."), QKeySequence(Qt::CTRL | Qt::Key_M), [this] { loadModel(false); });
  add(model, tr("Load &Recomposer..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), [this] { loadModel(true); });
  add(model, tr("Use &Default Model"), QKeySequence(), &MainWindow::useDefaultModel);
  model->addSeparator();
  auto* stages = new QActionGroup(this);
  m_stage1 = add(model, tr("Stage &1: Band Network (best fidelity)"), QKeySequence(Qt::CTRL | Qt::Key_7),
                 [this] { setStage(infer::Stage::BandNetwork); });
  m_stage2 = add(model, tr("Stage &2: Recomposed (best looking)"), QKeySequence(Qt::CTRL | Qt::Key_8),
                 [this] { setStage(infer::Stage::Recomposed); });
  for (QAction* a : {m_stage1, m_stage2}) {
    a->setCheckable(true);
    stages->addAction(a);
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  add(help, tr("&Keyboard Shortcuts"), QKeySequence(Qt::Key_F1), &MainWindow::showShortcuts);
  add(help, tr("&About DRBN Studio"), QKeySequence(), &MainWindow::showAbout);

  auto* cancel = new QAction(this);
  cancel->setShortcut(Qt::Key_Escape);
  connect(cancel, &QAction::triggered, m_page, &EnhancePage::cancelEnhancing);
  addAction(cancel);
}

bool MainWindow::openPhoto(const QString& path) { return m_page->openPhoto(path); }

void MainWindow::updateModelStatus() {
  // The networks in use: stage 1 runs the band network alone; a model's two files named once.
  const auto& band = m_engines.engine()->bandNetworkInfo();
  const bool recomposed = m_engines.stage() == infer::Stage::Recomposed && m_engines.engine()->hasRecomposer();
  const auto& recomposer = m_engines.engine()->recomposerInfo();
  // The built-in model's own name says "(stage 2)" (its band network was tuned there): beside
  // "stage 1" that would contradict itself, so it is named in words.
  auto nameOf = [this](const infer::ModelInfo& info) {
    return info.builtIn ? tr("Built-in model") : QString::fromStdString(info.name);
  };
  QString names = nameOf(band);
  if (recomposed && nameOf(recomposer) != names) names += QStringLiteral(" + ") + nameOf(recomposer);
  const long long parameters = band.parameters + (recomposed ? recomposer.parameters : 0);
  QString text = tr("%1 (%2 parameters)").arg(names, QLocale().toString(parameters));
  text += tr(" | stage %1 | %2").arg(recomposed ? 2 : 1).arg(deviceInWords(m_engines.engine()->device()));
  m_modelLabel->setText(text);
  m_training->setActiveModel(QString::fromStdString(band.path),
                             m_engines.engine()->hasRecomposer() ? QString::fromStdString(m_engines.engine()->recomposerInfo().path) : QString());
  m_stage2->setEnabled(m_engines.engine()->hasRecomposer());
  (m_engines.stage() == infer::Stage::Recomposed ? m_stage2 : m_stage1)->setChecked(true);
}

void MainWindow::openDialog() {
  const QString dir = QSettings().value(QStringLiteral("folders/open"), QDir::homePath()).toString();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Photo"), dir, imageFilter());
  if (!path.isEmpty()) openPhoto(path);
}

void MainWindow::showPreferences() {
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Preferences"));
  auto* form = new QFormLayout(&dialog);
  QSettings settings;
  auto* device = new QComboBox(&dialog);
  for (const auto& d : infer::availableDevices()) device->addItem(QString::fromStdString(d));
  const infer::DeviceOptions saved = EngineController::savedDevice();
  device->setCurrentText(QString::fromStdString(saved.device));
  form->addRow(tr("&Device:"), device);
  auto* threads = new QSpinBox(&dialog);
  threads->setRange(0, 256);
  threads->setSpecialValueText(tr("all cores"));
  threads->setValue(saved.threads);
  form->addRow(tr("CPU &threads:"), threads);
  auto* language = new QComboBox(&dialog);
  language->addItem(tr("System language"), QString());
  language->addItem(QStringLiteral("English"), QStringLiteral("en"));
  language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
  language->setCurrentIndex(std::max(0, language->findData(settings.value(QStringLiteral("ui/language")).toString())));
  form->addRow(tr("&Language:"), language);
  form->addRow(new QLabel(tr("A new language applies when DRBN Studio starts again."), &dialog));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  form->addRow(buttons);
  if (dialog.exec() != QDialog::Accepted) return;
  const bool engineChanged = device->currentText().toStdString() != saved.device || threads->value() != saved.threads;
  settings.setValue(QStringLiteral("engine/device"), device->currentText());
  settings.setValue(QStringLiteral("engine/threads"), threads->value());
  settings.setValue(QStringLiteral("ui/language"), language->currentData());
  if (engineChanged) applyEngineSettings();
}

void MainWindow::applyEngineSettings() {
  m_page->cancelEnhancing();
  try {
    m_engines.applyDeviceSettings();
  } catch (const std::exception& e) {
    showError(tr("Cannot use %1").arg(QString::fromStdString(EngineController::savedDevice().device)),
              QString::fromStdString(e.what()));
    return;
  }
  updateModelStatus();
  m_page->startEnhancing();
}

void MainWindow::loadModel(bool recomposer) {
  QSettings settings;
  const QString path = QFileDialog::getOpenFileName(
      this, recomposer ? tr("Load Recomposition Network") : tr("Load Band Network"),
      settings.value(QStringLiteral("folders/models"), QDir::homePath()).toString(),
      tr("Weights (*.safetensors *.pt *.pth);;All files (*)"));
  if (path.isEmpty()) return;
  settings.setValue(QStringLiteral("folders/models"), QFileInfo(path).absolutePath());
  loadModelFile(path, recomposer);
}

void MainWindow::loadModelFile(const QString& path, bool recomposer) {
  m_page->cancelEnhancing();
  bool asRecomposer = recomposer;
  try {
    const auto kind = weights::guessModelKind(weights::readWeightFile(path.toStdString()));
    if (kind == weights::ModelKind::BandNetwork || kind == weights::ModelKind::Recomposer)
      asRecomposer = kind == weights::ModelKind::Recomposer;
  } catch (const std::exception&) {
    // the load below says what is wrong with the file
  }
  try {
    if (asRecomposer) m_engines.loadRecomposer(path);
    else m_engines.loadBandNetwork(path);
  } catch (const std::exception& e) {
    showError(tr("Cannot load model"), errorInWords(e));
    return;
  }
  updateModelStatus();
  if (asRecomposer != recomposer)
    showStatus(asRecomposer ? tr("%1 holds a recomposer: loaded as the recomposer").arg(QFileInfo(path).fileName())
                            : tr("%1 holds a band network: loaded as the band network").arg(QFileInfo(path).fileName()),
               10000);
  m_page->startEnhancing();
}

void MainWindow::useDefaultModel() {
  m_page->cancelEnhancing();
  m_engines.useDefaultModel();
  updateModelStatus();
  m_page->startEnhancing();
}

void MainWindow::setStage(infer::Stage stage) {
  if (stage == m_engines.stage()) return;
  m_engines.setStage(stage);
  updateModelStatus();
  m_page->startEnhancing();
}

void MainWindow::addRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  settings.setValue(QStringLiteral("recentFiles"), recent.mid(0, kMaxRecent));
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  m_recentMenu->clear();
  const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
  for (const QString& path : recent)
    connect(m_recentMenu->addAction(path), &QAction::triggered, this, [this, path] { openPhoto(path); });
  m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showShortcuts() {
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Keyboard Shortcuts"));
  QList<std::pair<QString, QString>> rows;
  for (const QAction* action : m_shortcutActions)
    rows.append({action->property("shortcutName").toString().isEmpty() ? action->text().remove(QLatin1Char('&'))
                                                                      : action->property("shortcutName").toString(),
                 action->shortcut().toString(QKeySequence::NativeText)});
  // Keys that belong to no menu entry.
  rows.append({tr("Cancel the enhancement"), QKeySequence(Qt::Key_Escape).toString(QKeySequence::NativeText)});
  rows.append({tr("Show a map on the left, to compare it with the selected one (band explorer)"), tr("Ctrl+click")});
  rows.append({tr("Rate the selected photos 0 to 5 stars (Curate page)"), tr("0 ... 5")});
  rows.append({tr("Pick, reject, unflag (Curate page)"), tr("P, X, U")});
  auto* table = new QTableWidget(int(rows.size()), 2, &dialog);
  table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
  for (int i = 0; i < rows.size(); ++i) {
    table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
    table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
  }
  table->verticalHeader()->hide();
  table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);  // compact rows
  table->setFocusPolicy(Qt::NoFocus);
  table->resizeColumnsToContents();
  table->horizontalHeader()->setStretchLastSection(true);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionMode(QAbstractItemView::NoSelection);
  auto* layout = new QVBoxLayout(&dialog);
  layout->addWidget(table);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  layout->addWidget(buttons);
  // Every row without scrolling where the screen allows.
  const int rowsHeight = table->verticalHeader()->length() + table->horizontalHeader()->height() + 2 * table->frameWidth();
  const int available = screen() ? screen()->availableGeometry().height() - 120 : 800;
  dialog.resize(std::max(560, table->horizontalHeader()->length() + 80),
                std::min(available, rowsHeight + buttons->sizeHint().height() + 40));
  dialog.exec();
}

void MainWindow::showAbout() {
  const auto& band = m_engines.engine()->bandNetworkInfo();
  // What a user wants to know of the model, in words; the whole record is `drbn info FILE`'s.
  const std::pair<const char*, QString> shown[] = {
      {"license", tr("Licence")},          {"recipe", tr("Recipe")},
      {"trained_steps", tr("Steps")},      {"training_pairs", tr("Training pairs")},
      {"validation_psnr", tr("Validation PSNR (dB)")}, {"validation_ssim", tr("Validation SSIM")},
      {"hardware", tr("Trained on")},      {"date", tr("Date")}};
  QString card;
  for (const auto& [key, label] : shown) {
    const auto it = band.metadata.find(key);
    if (it == band.metadata.end() || it->second.empty()) continue;
    QString value = QString::fromStdString(it->second);
    bool number = false;
    const double v = QLocale::c().toDouble(value, &number);
    if (number) value = QLocale().toString(v, 'g', 6);
    card += QStringLiteral("<tr><td>%1:&nbsp;</td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value.toHtmlEscaped());
  }
  QMessageBox::about(this, tr("About DRBN Studio"),
                     tr("<h3>DRBN Studio %1</h3><p>Low-light photo enhancement with deep recursive band networks "
                        "(Yang et al., CVPR 2020).</p><p>Qt %2, %3, %4</p><h4>Active model: %5</h4><table>%6</table>")
                         .arg(QStringLiteral(DRBN_VERSION), QString::fromLatin1(qVersion()),
                              QString::fromStdString(infer::torchVersion()),
                              QString::fromStdString(image::imageLibraryVersions()),
                              QString::fromStdString(band.name).toHtmlEscaped(), card) +
                         tr("<p>Free software under the GNU General Public License, version 3 or later "
                            "(GPL-3.0-or-later); it comes with no warranty.</p>"));
}

void MainWindow::showStatus(const QString& text, int timeout) {
  // QStatusBar draws a message too long for its space over the permanent widgets (the model's
  // label): cut here to what fits, whole in the tooltip.
  QString shown = text;
  if (statusBar()->isVisible()) {
    int right = statusBar()->width() - 12;
    const QWidget* permanent[] = {m_page->progressBar(), m_page->cancelButton(), m_modelLabel};
    for (const QWidget* w : permanent)
      if (w->isVisible()) right = std::min(right, w->x() - 4);
    shown = statusBar()->fontMetrics().elidedText(text, Qt::ElideRight, std::max(right - 6, 80));
  }
  statusBar()->showMessage(shown, timeout);
  statusBar()->setToolTip(text);
}

void MainWindow::showError(const QString& title, const QString& message) {
  // Window-modal and non-blocking: the app keeps running behind it, and nothing waits on it.
  showStatus(title + QStringLiteral(": ") + message, 15000);
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (m_training->isTraining() &&
      QMessageBox::question(this, tr("Training Is Running"),
                            tr("Stop training? A checkpoint is written first; Start on the Train page resumes the run.")) !=
          QMessageBox::Yes) {
    event->ignore();
    return;
  }
  showPage(Page::Enhance);  // saves the docks as the user arranged them
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  m_page->cancelEnhancing();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) openPhoto(urls.first().toLocalFile());
}

}  // namespace drbn::ui

