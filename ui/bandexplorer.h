// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The band explorer: every output of the network as a grid of thumbnails — each recurrence at
// full, 1/2 and 1/4 scale, the three bands, the three weight maps, the result, and two views
// that judge it (light added, noise amplified) — plus luminance histograms.

#include "core/infer/enhancer.h"
#include "ui/imageconvert.h"

#include <QImage>
#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;
class QToolButton;

namespace drbn::ui {

class Histogram;

/// One image the explorer offers.
struct BandItem {
  QString name;
  QString description;  // what it is, for its tooltip
  infer::FloatImage image;
  ColorMap map = ColorMap::Rgb;
  MapRange range;     // as shown: its own, or its kind's shared one
  int row = 0, column = 0;  // in the grid (row 0: the result; then recurrences, bands, weights, views)
  int scaleGroup = 0;       // items that may share one scale (1: detail bands, 2: weights; 0: none)
  MapRange ownRange;
};

/// Lives on the GUI thread, in a dock of the main window.
class BandExplorer : public QWidget {
  Q_OBJECT
 public:
  explicit BandExplorer(QWidget* parent = nullptr);

  /// Shows the bands of an enhancement of `original` (same size as the bands) and its current
  /// result; `photoPath` names the photo, for the names of exported maps.
  void setBands(const infer::FloatImage& original, const infer::BandSet& bands, const infer::FloatImage& result,
                const QString& photoPath);
  /// Updates the result thumbnail, the judging views and the histogram after tuning.
  void setResult(const infer::FloatImage& result);
  void clear();

  int itemCount() const { return int(m_items.size()); }
  const Histogram* histogram() const { return m_histogram; }
  const BandItem& item(int index) const { return m_items[size_t(index)]; }
  /// The item as shown large: full size, coloured by its map.
  QImage render(int index) const;
  int selected() const { return m_selected; }
  /// The item shown on the left of the view in place of the original (Ctrl+click a tile), or -1.
  int reference() const { return m_reference; }
  int resultIndex() const { return 0; }
  /// Whether maps of one kind (the detail bands; the weights) are drawn on one scale.
  bool sharedScale() const { return m_sharedScale; }
  /// Where Export Selected offers to save the selected map: the photo's name and the map's, in
  /// the folder of the last export (else the photo's).
  QString suggestedExportPath() const;

 public Q_SLOTS:
  void select(int index);
  /// Puts an item on the left of the view, to compare it with the selected one; -1 (or the
  /// reference again) puts the original back.
  void setReference(int index);
  void exportSelected();
  void setSharedScale(bool shared);

 Q_SIGNALS:
  void selectionChanged(int index);
  void referenceChanged(int index);
  void statusMessage(const QString& text, int timeout);

 private:
  void rebuild();
  void refreshThumbnail(int index);
  void applyScales();
  QGridLayout* m_grid = nullptr;
  std::vector<QWidget*> m_headers;  // row and column titles of the grid
  bool m_sharedScale = false;
  QLabel* m_legend = nullptr;
  Histogram* m_histogram = nullptr;
  std::vector<BandItem> m_items;
  std::vector<QToolButton*> m_buttons;
  infer::FloatImage m_original;
  QString m_photoPath;
  int m_selected = 0;
  int m_reference = -1;
};

/// Luminance histograms of the original (grey) and the result (orange), drawn on one axis.
class Histogram : public QWidget {
  Q_OBJECT
 public:
  explicit Histogram(QWidget* parent = nullptr);
  void setImages(const infer::FloatImage& original, const infer::FloatImage& result);
  /// No curves: between photos, until the next one's result arrives.
  void clear();
  bool isEmpty() const { return m_original.empty() && m_result.empty(); }
  QSize sizeHint() const override { return {240, 90}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  static std::vector<double> bins(const infer::FloatImage& image);
  std::vector<double> m_original, m_result;
};

}  // namespace drbn::ui
