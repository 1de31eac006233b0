// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/moshistogram.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace drbn::ui {
namespace {

// AVA's scores are means of 1..10 votes; bins 0.1 wide show their shape.
constexpr double kBinWidth = 0.1;
constexpr int kBins = 90;  // 1.0 .. 10.0

/// A step-shaped histogram as the points of a line (x: MOS, y: count).
QList<QPointF> steps(const std::vector<int>& counts) {
  QList<QPointF> points;
  for (int b = 0; b < kBins; ++b) {
    const double x0 = 1.0 + b * kBinWidth;
    points << QPointF(x0, counts[size_t(b)]) << QPointF(x0 + kBinWidth, counts[size_t(b)]);
  }
  return points;
}

}  // namespace

MosHistogram::MosHistogram(QWidget* parent) : QChartView(parent) {
  auto* chart = new QChart;
  chart->legend()->setVisible(false);
  chart->setMargins(QMargins(2, 2, 2, 2));
  m_all = new QLineSeries(chart);
  m_all->setColor(QColor(127, 140, 141));
  m_shown = new QLineSeries(chart);
  auto* shownArea = new QAreaSeries(m_shown);
  shownArea->setColor(QColor(52, 152, 219, 160));
  shownArea->setBorderColor(QColor(41, 128, 185));
  m_threshold = new QLineSeries(chart);
  m_threshold->setColor(QColor(192, 57, 43));
  m_mosAxis = new QValueAxis(chart);
  m_mosAxis->setRange(1, 10);
  m_mosAxis->setTickCount(10);
  m_mosAxis->setLabelFormat(QStringLiteral("%d"));
  m_mosAxis->setTitleText(tr("MOS"));
  m_countAxis = new QValueAxis(chart);
  m_countAxis->setLabelFormat(QStringLiteral("%d"));
  chart->addAxis(m_mosAxis, Qt::AlignBottom);
  chart->addAxis(m_countAxis, Qt::AlignLeft);
  for (QAbstractSeries* series : {static_cast<QAbstractSeries*>(shownArea), static_cast<QAbstractSeries*>(m_all),
                                  static_cast<QAbstractSeries*>(m_threshold)}) {
    chart->addSeries(series);
    series->attachAxis(m_mosAxis);
    series->attachAxis(m_countAxis);
  }
  setChart(chart);
  setRenderHint(QPainter::Antialiasing);
  setMinimumHeight(200);
  setScores({}, {}, 0);  // whole-number counts and the hint before any catalog is open (0..1 read "0 0 0 1")
}

void MosHistogram::setScores(const std::vector<curate::Item>& items, const std::vector<int>& shown, double threshold) {
  std::vector<int> all(kBins, 0), picked(kBins, 0);
  const auto bin = [](double mos) { return std::clamp(int((mos - 1.0) / kBinWidth), 0, kBins - 1); };
  int maxCount = 1;
  for (const auto& item : items)
    if (!std::isnan(item.mos)) maxCount = std::max(maxCount, ++all[size_t(bin(item.mos))]);
  for (int i : shown) {
    const double mos = items[size_t(i)].mos;
    if (!std::isnan(mos)) ++picked[size_t(bin(mos))];
  }
  m_all->replace(steps(all));
  m_shown->replace(steps(picked));
  m_countAxis->setRange(0, std::max(5.0, maxCount * 1.05));
  m_countAxis->applyNiceNumbers();  // ticks at round counts
  const double top = m_countAxis->max();
  m_threshold->replace(threshold > 0 ? QList<QPointF>{{threshold, 0}, {threshold, top}} : QList<QPointF>{});
  const bool anyScores = std::any_of(all.begin(), all.end(), [](int n) { return n > 0; });
  chart()->setTitle(anyScores ? tr("MOS: %L1 of %L2 shown").arg(shown.size()).arg(items.size())
                              : tr("No opinion scores: import AVA to see their histogram"));
}

}  // namespace drbn::ui
