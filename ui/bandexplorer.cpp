#include "ui/bandexplorer.h"

#include "core/image/imagefile.h"
#include "core/image/metrics.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace drbn::ui {
namespace {
constexpr int kThumb = 96;      // thumbnail side in px
constexpr int kColumns = 3;     // full, 1/2, 1/4 per recurrence row
constexpr int kHistogramBins = 64;
}  // namespace

BandExplorer::BandExplorer(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  m_grid = new QGridLayout;
  m_grid->setSpacing(2);
  layout->addLayout(m_grid);
  m_legend = new QLabel(this);
  m_legend->setMinimumHeight(28);
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
  m_histogram->clear();  // not the previous photo's curves under the next one
  rebuild();
}

void BandExplorer::setBands(const infer::FloatImage& original, const infer::BandSet& bands,
                            const infer::FloatImage& result) {
  m_original = original;
  m_items.clear();
  m_items.push_back({tr("Result"), result, ColorMap::Rgb, {}});
  const QStringList scales{tr("full"), tr("1/2"), tr("1/4")};
  for (int r = 0; r < infer::BandSet::kRecurrences; ++r)
    for (int s = 0; s < infer::BandSet::kScales; ++s)
      m_items.push_back({tr("R%1 %2").arg(r + 1).arg(scales[s]), bands.recurrences[size_t(r)][size_t(s)],
                         ColorMap::Rgb, {}});
  m_items.push_back({tr("Coarse"), bands.coarse, ColorMap::Rgb, {}});
  m_items.push_back({tr("Mid"), bands.mid, ColorMap::Diverging, autoRange(bands.mid, ColorMap::Diverging)});
  m_items.push_back({tr("Fine"), bands.fine, ColorMap::Diverging, autoRange(bands.fine, ColorMap::Diverging)});
  const infer::FloatImage* weights[] = {&bands.w1, &bands.w2, &bands.w3};
  for (int i = 0; i < 3; ++i)
    if (!weights[i]->empty())
      m_items.push_back({tr("w%1").arg(i + 1), *weights[i], ColorMap::Heat, autoRange(*weights[i], ColorMap::Heat)});
  m_items.push_back({tr("Light added"), {}, ColorMap::Diverging, {}});
  m_items.push_back({tr("Noise"), {}, ColorMap::Heat, {0, 2}});
  rebuild();
  setResult(result);
}

void BandExplorer::setResult(const infer::FloatImage& result) {
  if (m_items.empty()) return;
  m_items[0].image = result;
  auto& light = m_items[m_items.size() - 2];
  auto& noise = m_items.back();
  light.image = image::luminanceDifference(m_original, result);
  light.range = autoRange(light.image, ColorMap::Diverging);
  noise.image = image::noiseAmplification(m_original, result);
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
  m_buttons.clear();
  for (int i = 0; i < int(m_items.size()); ++i) {
    auto* button = new QToolButton(this);
    button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    button->setIconSize(QSize(kThumb, kThumb));
    button->setCheckable(true);
    button->setAutoExclusive(true);
    button->setText(m_items[size_t(i)].name);
    button->setToolTip(m_items[size_t(i)].name);
    button->setFixedWidth(kThumb + 16);
    connect(button, &QToolButton::clicked, this, [this, i] { select(i); });
    // The result spans the first row; then one row per recurrence, then bands, weights, judging views.
    const int row = i == 0 ? 0 : (i - 1) / kColumns + 1, column = i == 0 ? 0 : (i - 1) % kColumns;
    m_grid->addWidget(button, row, column);
    m_buttons.push_back(button);
    refreshThumbnail(i);
  }
  select(m_items.empty() ? 0 : std::min(m_selected, int(m_items.size()) - 1));
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
    m_legend->setPixmap(QPixmap::fromImage(legend(item.map, item.range, 220, 28)));
    m_legend->setToolTip(item.map == ColorMap::Diverging ? tr("Signed values: blue below zero, red above")
                                                         : tr("Weights: dark is low, bright is high"));
  } else {
    m_legend->clear();
    m_legend->setToolTip({});
  }
  Q_EMIT selectionChanged(index);
}

void BandExplorer::exportSelected() {
  if (m_items.empty()) return;
  const auto& item = m_items[size_t(m_selected)];
  QString name = item.name.toLower();
  name.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("_"));
  const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(item.name), name + QStringLiteral(".png"),
                                                    tr("PNG images (*.png)"));
  if (path.isEmpty()) return;
  if (!render(m_selected).save(path, "PNG"))
    QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(path));
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
