// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bandexplorer.h"

#include "core/image/imagefile.h"
#include "core/image/metrics.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace drbn::ui {
namespace {
constexpr int kThumb = 96;      // thumbnail side in px
constexpr int kButton = kThumb + 16;
constexpr int kRowTitle = 64;   // px for the row titles
constexpr int kColumns = 3;     // full, 1/2, 1/4 per recurrence row
constexpr int kHistogramBins = 64;
constexpr float kNoiseScale = 10;  // 8-bit sigma at which the noise map saturates
}  // namespace

BandExplorer::BandExplorer(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  m_grid = new QGridLayout;
  m_grid->setSpacing(2);
  m_grid->setColumnMinimumWidth(0, kRowTitle);
  layout->addLayout(m_grid);
  // Wide enough for the three scale columns beside the row titles.
  setMinimumWidth(kRowTitle + kColumns * (kButton + m_grid->spacing()) + layout->contentsMargins().left() +
                  layout->contentsMargins().right());
  auto* shared = new QCheckBox(tr("&Same scale for maps of a kind"), this);
  shared->setToolTip(tr("Draw the mid and fine bands on one scale, and the three weight maps on one, to compare "
                        "them; unchecked, each map uses its own range"));
  connect(shared, &QCheckBox::toggled, this, &BandExplorer::setSharedScale);
  layout->addWidget(shared);
  m_legend = new QLabel(this);
  m_legend->setMinimumHeight(34);
  layout->addWidget(m_legend);
  auto* exportButton = new QPushButton(tr("E&xport Selected..."), this);
  exportButton->setToolTip(tr("Save the selected output as a PNG image"));
  connect(exportButton, &QPushButton::clicked, this, &BandExplorer::exportSelected);
  layout->addWidget(exportButton);
  layout->addWidget(new QLabel(tr("Luminance: original (grey), result (orange)"), this));
  m_histogram = new Histogram(this);
  layout->addWidget(m_histogram);
  layout->addStretch(1);
}

void BandExplorer::clear() {
  m_items.clear();
  m_original = {};
  m_reference = -1;
  m_histogram->clear();  // not the previous photo's curves under the next one
  rebuild();
}

void BandExplorer::setBands(const infer::FloatImage& original, const infer::BandSet& bands,
                            const infer::FloatImage& result, const QString& photoPath) {
  m_original = original;
  m_photoPath = photoPath;
  // The map on the left stays by name: another stage's bands have no weight maps.
  const QString referenceName = m_reference >= 0 ? m_items[size_t(m_reference)].name : QString();
  m_items.clear();
  auto add = [this](const QString& name, const QString& description, const infer::FloatImage& image, ColorMap map,
                    int row, int column, int group = 0) {
    const MapRange range = map == ColorMap::Rgb || image.empty() ? MapRange{} : autoRange(image, map);
    m_items.push_back({name, description, image, map, range, row, column, group, range});
  };
  add(tr("Result"), tr("The enhanced photo, as the recomposition panel sets it"), result, ColorMap::Rgb, 0, 1);
  const QStringList scales{tr("full"), tr("1/2"), tr("1/4")};
  const QStringList scaleWords{tr("at full size"), tr("at half size"), tr("at a quarter of the size")};
  for (int r = 0; r < infer::BandSet::kRecurrences; ++r)
    for (int s = 0; s < infer::BandSet::kScales; ++s)
      add(tr("R%1 %2").arg(r + 1).arg(scales[s]),
          tr("Recurrence %1 of %2, %3: the band network's estimate after its pass %1 (each pass refines the last)")
              .arg(r + 1).arg(infer::BandSet::kRecurrences).arg(scaleWords[s]),
          bands.recurrences[size_t(r)][size_t(s)], ColorMap::Rgb, 2 + r, 1 + s);
  const int bandRow = 2 + infer::BandSet::kRecurrences;
  add(tr("Coarse"), tr("The coarse band: the last recurrence's quarter-size output, brought to full size"), bands.coarse,
      ColorMap::Rgb, bandRow, 1);
  add(tr("Mid"), tr("The mid band: what the half-size output adds to the coarse one"), bands.mid, ColorMap::Diverging,
      bandRow, 2, 1);
  add(tr("Fine"), tr("The fine band: what the full-size output adds to the mid one"), bands.fine, ColorMap::Diverging,
      bandRow, 3, 1);
  const infer::FloatImage* weights[] = {&bands.w1, &bands.w2, &bands.w3};
  const QStringList weighted{tr("coarse"), tr("mid"), tr("fine")};
  for (int i = 0; i < 3; ++i)
    if (!weights[i]->empty())
      add(tr("w%1").arg(i + 1), tr("The recomposition's learned weight of the %1 band, pixel by pixel").arg(weighted[i]),
          *weights[i], ColorMap::Heat, bandRow + 1, 1 + i, 2);
  add(tr("Light added"), tr("How much brighter the result is than the photo (luminance)"), {}, ColorMap::Diverging,
      bandRow + 2, 1);
  add(tr("Noise"), tr("The result's local grain, in 8-bit levels: where enhancing brought noise up"), {}, ColorMap::Heat,
      bandRow + 2, 2);
  const auto kept = std::find_if(m_items.begin(), m_items.end(), [&](const BandItem& item) { return item.name == referenceName; });
  m_reference = referenceName.isEmpty() || kept == m_items.end() ? -1 : int(kept - m_items.begin());
  applyScales();
  rebuild();
  setResult(result);
}

void BandExplorer::setResult(const infer::FloatImage& result) {
  if (m_items.empty()) return;
  m_items[0].image = result;
  auto& light = m_items[m_items.size() - 2];
  auto& noise = m_items.back();
  light.image = image::luminanceDifference(m_original, result);
  light.range = light.ownRange = autoRange(light.image, ColorMap::Diverging);
  noise.image = image::localNoise(result);
  noise.range = noise.ownRange = {0, kNoiseScale};  // one scale for every photo: dark is clean
  for (int i : {0, int(m_items.size()) - 2, int(m_items.size()) - 1}) refreshThumbnail(i);
  m_histogram->setImages(m_original, result);
  if (m_selected == 0 || m_selected >= int(m_items.size()) - 2) Q_EMIT selectionChanged(m_selected);
}

QImage BandExplorer::render(int index) const {
  const auto& item = m_items[size_t(index)];
  return toQImage(item.image, item.map, item.range);
}

void BandExplorer::rebuild() {
  for (auto* b : m_buttons) b->deleteLater();
  for (auto* h : m_headers) h->deleteLater();
  m_buttons.clear();
  m_headers.clear();
  auto title = [this](const QString& text, int row, int column, Qt::Alignment align) {
    auto* label = new QLabel(text, this);
    label->setAlignment(align);
    m_grid->addWidget(label, row, column);
    m_headers.push_back(label);
  };
  if (!m_items.empty()) {
    const QStringList scales{tr("full"), tr("1/2"), tr("1/4")};
    for (int c = 0; c < kColumns; ++c) title(scales[c], 1, 1 + c, Qt::AlignHCenter | Qt::AlignBottom);
    for (int r = 0; r < infer::BandSet::kRecurrences; ++r) title(tr("Recurrence %1").arg(r + 1), 2 + r, 0, Qt::AlignRight | Qt::AlignVCenter);
    const int bandRow = 2 + infer::BandSet::kRecurrences;
    title(tr("Bands"), bandRow, 0, Qt::AlignRight | Qt::AlignVCenter);
    const bool weighted = std::any_of(m_items.begin(), m_items.end(), [&](const auto& item) { return item.row == bandRow + 1; });
    if (weighted) title(tr("Weights"), bandRow + 1, 0, Qt::AlignRight | Qt::AlignVCenter);  // stage 1 has none
    title(tr("Views"), bandRow + 2, 0, Qt::AlignRight | Qt::AlignVCenter);
  }
  for (int i = 0; i < int(m_items.size()); ++i) {
    const auto& item = m_items[size_t(i)];
    auto* button = new QToolButton(this);
    button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    button->setIconSize(QSize(kThumb, kThumb));
    button->setCheckable(true);
    button->setAutoExclusive(true);
    button->setText(i == m_reference ? tr("%1 (left)").arg(item.name) : item.name);
    button->setToolTip(tr("%1\nCtrl+click: show it on the left, to compare it with the one selected")
                           .arg(item.description.isEmpty() ? item.name : item.description));
    button->setFixedSize(kButton, kThumb + fontMetrics().height() + 14);  // the name under the icon, unclipped
    connect(button, &QToolButton::clicked, this, [this, i] {
      if (QGuiApplication::keyboardModifiers() & Qt::ControlModifier) {
        setReference(i == m_reference ? -1 : i);
        select(m_selected);  // the click checked this tile; the selection stays
      } else {
        select(i);
      }
    });
    m_grid->addWidget(button, item.row, item.column);
    m_buttons.push_back(button);
    refreshThumbnail(i);
  }
  select(m_items.empty() ? 0 : std::min(m_selected, int(m_items.size()) - 1));
}

void BandExplorer::setSharedScale(bool shared) {
  m_sharedScale = shared;
  applyScales();
  for (int i = 0; i < int(m_items.size()); ++i)
    if (m_items[size_t(i)].scaleGroup) refreshThumbnail(i);
  if (!m_items.empty()) select(m_selected);  // its legend and the large view follow
}

void BandExplorer::applyScales() {
  // Each map its own range, or the widest of its kind: a weight of 0.6 then looks the same in w1 and w3.
  std::map<int, MapRange> shared;
  for (const auto& item : m_items) {
    if (!item.scaleGroup) continue;
    const auto it = shared.find(item.scaleGroup);
    if (it == shared.end()) shared[item.scaleGroup] = item.ownRange;
    else it->second = {std::min(it->second.lo, item.ownRange.lo), std::max(it->second.hi, item.ownRange.hi)};
  }
  for (auto& item : m_items)
    if (item.scaleGroup) item.range = m_sharedScale ? shared[item.scaleGroup] : item.ownRange;
}

void BandExplorer::refreshThumbnail(int index) {
  if (index >= int(m_buttons.size())) return;
  const auto& item = m_items[size_t(index)];
  if (item.image.empty()) return;
  const auto small = image::scaledToFit(item.image, kThumb);
  m_buttons[size_t(index)]->setIcon(QIcon(QPixmap::fromImage(toQImage(small, item.map, item.range))));
}

void BandExplorer::select(int index) {
  m_selected = index;
  if (index < int(m_buttons.size())) m_buttons[size_t(index)]->setChecked(true);
  if (index < int(m_items.size()) && m_items[size_t(index)].map != ColorMap::Rgb) {
    const auto& item = m_items[size_t(index)];
    m_legend->setPixmap(QPixmap::fromImage(legend(item.map, item.range, 220, 34, palette().color(QPalette::WindowText))));
    m_legend->setToolTip(item.map == ColorMap::Diverging ? tr("Signed values: blue below zero, red above")
                         : index == int(m_items.size()) - 1 ? tr("Noise: the result's local grain, in 8-bit levels")
                                                             : tr("Weights: dark is low, bright is high"));
  } else {
    m_legend->clear();
    m_legend->setToolTip({});
  }
  Q_EMIT selectionChanged(index);
}

void BandExplorer::setReference(int index) {
  if (index < 0 || index >= int(m_items.size())) index = -1;
  if (index == m_reference) return;
  for (int i : {m_reference, index})
    if (i >= 0 && i < int(m_buttons.size()))
      m_buttons[size_t(i)]->setText(i == index ? tr("%1 (left)").arg(m_items[size_t(i)].name) : m_items[size_t(i)].name);
  m_reference = index;
  Q_EMIT referenceChanged(index);
}

QString BandExplorer::suggestedExportPath() const {
  if (m_items.empty()) return {};
  QString name = m_items[size_t(m_selected)].name.toLower();
  name.replace(QRegularExpression(QStringLiteral("[^\\w]+")), QStringLiteral("_"));  // "r2_1_2"
  const QFileInfo photo(m_photoPath);
  const QString folder = QSettings().value(QStringLiteral("folders/export"), photo.absolutePath()).toString();
  return QDir(folder).filePath(photo.completeBaseName() + QLatin1Char('_') + name + QStringLiteral(".png"));
}

void BandExplorer::exportSelected() {
  if (m_items.empty()) return;
  const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(m_items[size_t(m_selected)].name),
                                                    suggestedExportPath(), tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  if (QFileInfo(path).absoluteFilePath() == QFileInfo(m_photoPath).absoluteFilePath()) {  // never the original
    QMessageBox::warning(this, tr("Export failed"), tr("%1 is the photo itself, which is never written over.").arg(path));
    return;
  }
  // Written whole or not at all, as every other file the studio writes.
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || !render(m_selected).save(&file, "PNG") || !file.commit()) {
    QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1: %2").arg(path, file.errorString()));
    return;
  }
  QSettings().setValue(QStringLiteral("folders/export"), QFileInfo(path).absolutePath());
  Q_EMIT statusMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 8000);
}

Histogram::Histogram(QWidget* parent) : QWidget(parent) { setMinimumHeight(70); }

std::vector<double> Histogram::bins(const infer::FloatImage& image) {
  std::vector<double> h(kHistogramBins, 0.0);
  if (image.empty()) return h;
  const size_t n = image.planeSize(), step = std::max<size_t>(1, n / 200000);
  for (size_t i = 0; i < n; i += step) {
    const float y = 0.2126f * image.plane(0)[i] + 0.7152f * image.plane(1)[i] + 0.0722f * image.plane(2)[i];
    h[size_t(std::clamp(int(y * kHistogramBins), 0, kHistogramBins - 1))] += 1;
  }
  const double peak = *std::max_element(h.begin(), h.end());
  for (double& v : h) v = peak > 0 ? std::sqrt(v / peak) : 0;  // square root keeps small bins visible
  return h;
}

void Histogram::setImages(const infer::FloatImage& original, const infer::FloatImage& result) {
  m_original = bins(original);
  m_result = bins(result);
  update();
}

void Histogram::clear() {
  m_original.clear();
  m_result.clear();
  update();
}

void Histogram::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(30, 30, 30));
  p.setRenderHint(QPainter::Antialiasing);
  auto curve = [&](const std::vector<double>& h, QColor color) {
    if (h.empty()) return;
    QPainterPath path(QPointF(0, height()));
    for (size_t i = 0; i < h.size(); ++i)
      path.lineTo(double(i) * width() / double(h.size() - 1), height() - h[i] * (height() - 4));
    path.lineTo(width(), height());
    color.setAlpha(120);
    p.fillPath(path, color);
  };
  curve(m_original, QColor(200, 200, 200));
  curve(m_result, QColor(255, 150, 30));
}

}  // namespace drbn::ui
