// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Curate page's histogram of AVA's mean opinion scores: every photo of the catalog (a grey
// line), the ones the filter shows (filled), and the MOS threshold (a red line).

#include "core/curate/catalog.h"

#include <QChartView>

#include <vector>

class QLineSeries;
class QValueAxis;

namespace drbn::ui {

/// Lives on the GUI thread, on the Curate page.
class MosHistogram : public QChartView {
  Q_OBJECT
 public:
  explicit MosHistogram(QWidget* parent = nullptr);
  /// Draws `items` (all) and those of them at `shown` (indices), with the threshold when > 0.
  void setScores(const std::vector<curate::Item>& items, const std::vector<int>& shown, double threshold);

 private:
  QLineSeries *m_all = nullptr, *m_shown = nullptr, *m_threshold = nullptr;
  QValueAxis *m_mosAxis = nullptr, *m_countAxis = nullptr;
};

}  // namespace drbn::ui
