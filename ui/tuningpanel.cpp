// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tuningpanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

#include <cmath>

namespace drbn::ui {
namespace {
constexpr int kSliderSteps = 100;  // slider ticks per unit: 0.01 resolution
}

TuningPanel::TuningPanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  m_controls.push_back(addControl(form, tr("&Coarse"), tr("Gain of the coarse band (overall light and colour)"),
                                  &m_values.coarseGain, 0, 3, CoarseGain));
  m_controls.push_back(addControl(form, tr("&Mid"), tr("Gain of the mid band (local contrast)"), &m_values.midGain, 0, 3,
                                  MidGain));
  m_controls.push_back(addControl(form, tr("&Fine"), tr("Gain of the fine band (detail, and noise)"), &m_values.fineGain,
                                  0, 3, FineGain));
  m_weights = new QComboBox(this);
  m_weights->addItem(tr("Learned weight maps x gains"));
  m_weights->addItem(tr("Gains only"));
  m_weights->setToolTip(tr("Use the recomposition network's per-pixel weights, or weigh the bands by the gains alone"));
  form->addRow(tr("&Weights"), m_weights);
  connect(m_weights, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (m_updating) return;
    m_values.learnedWeights = index == 0;
    Q_EMIT edited(m_values, Weights);
  });
  m_controls.push_back(addControl(form, tr("F&idelity"),
                                  tr("0: recomposed result (best looking); 1: band network result (best PSNR)"),
                                  &m_values.fidelity, 0, 1, Fidelity));
  // +-2 stops cover what a result needs; wider made a short drag jump by whole stops.
  m_controls.push_back(addControl(form, tr("E&xposure"), tr("Brightness of the result in stops"), &m_values.exposure, -2,
                                  2, Exposure, tr(" EV")));
  m_controls.push_back(addControl(form, tr("&Saturation"), tr("Colourfulness of the result; 0 is black and white"),
                                  &m_values.saturation, 0, 2, Saturation));
  m_controls.push_back(addControl(form, tr("&Noise reduction"),
                                  tr("Smooths the grain that brightening brings out, where the image is flat; edges stay. "
                                     "0 leaves the model's result untouched"),
                                  &m_values.noiseReduction, 0, 1, NoiseReduction));
  m_controls.push_back(addControl(form, tr("C&olour noise"), tr("Smooths coloured speckle; 0 leaves the model's result untouched"),
                                  &m_values.colourNoiseReduction, 0, 1, ColourNoise));
  m_controls.push_back(addControl(form, tr("S&trength"), tr("How much of the enhancement to apply; 0 shows the original"),
                                  &m_values.strength, 0, 1, Strength));
  auto* reset = new QPushButton(tr("&Reset"), this);
  reset->setToolTip(tr("Back to the model's own result"));
  form->addRow(reset);
  connect(reset, &QPushButton::clicked, this, [this] {
    if (m_values == infer::Adjustments()) return;
    setAdjustments(infer::Adjustments());
    Q_EMIT edited(m_values, Reset);
  });
}

TuningPanel::Control TuningPanel::addControl(QFormLayout* form, const QString& label, const QString& tip, float* value,
                                             double min, double max, int field, const QString& suffix) {
  Control c;
  c.value = value;
  c.slider = new QSlider(Qt::Horizontal, this);
  c.slider->setRange(int(min * kSliderSteps), int(max * kSliderSteps));
  c.slider->setSingleStep(1);  // arrow keys: 0.01
  c.slider->setPageStep(10);   // a click beside the handle: 0.1
  c.slider->setMinimumWidth(180);  // room for a drag to move in fine steps (exposure: 0.02 EV a pixel)
  c.spin = new QDoubleSpinBox(this);
  c.spin->setRange(min, max);
  c.spin->setSingleStep(0.01);  // the spin box's arrows and the wheel: fine steps
  c.spin->setDecimals(2);
  c.spin->setSuffix(suffix);
  // A typed value counts once complete (Enter, Tab, focus elsewhere; commitTypedValue()):
  // tracking every key would apply "0" of "0.75" and rewrite the field as "0.00" under the cursor.
  c.spin->setKeyboardTracking(false);
  c.slider->setToolTip(tip);
  c.spin->setToolTip(tip);
  auto* row = new QHBoxLayout;
  row->addWidget(c.slider, 1);
  row->addWidget(c.spin);
  form->addRow(label, row);
  static_cast<QLabel*>(form->labelForField(row))->setBuddy(c.slider);
  show(c);
  connect(c.slider, &QSlider::valueChanged, this, [this, c, field](int v) {
    if (m_updating) return;
    *c.value = float(v) / kSliderSteps;
    show(c);
    Q_EMIT edited(m_values, field);
  });
  connect(c.spin, &QDoubleSpinBox::valueChanged, this, [this, c, field](double v) {
    if (m_updating) return;
    *c.value = float(v);
    show(c);
    Q_EMIT edited(m_values, field);
  });
  return c;
}

void TuningPanel::show(const Control& c) {
  const bool was = m_updating;
  m_updating = true;
  c.slider->setValue(int(std::lround(*c.value * kSliderSteps)));
  c.spin->setValue(double(*c.value));
  m_updating = was;
}

void TuningPanel::setAdjustments(const infer::Adjustments& values) {
  m_values = values;
  m_updating = true;
  for (const auto& c : m_controls) show(c);
  m_weights->setCurrentIndex(values.learnedWeights ? 0 : 1);
  m_updating = false;
}

void TuningPanel::commitTypedValue() {
  for (const auto& c : m_controls)
    if (c.spin->hasFocus()) c.spin->interpretText();
}

void TuningPanel::setLearnedWeightsAvailable(bool available) {
  m_weights->setEnabled(available);
  m_controls[3].slider->setEnabled(available);  // fidelity blends towards stage 1, so needs stage 2
  m_controls[3].spin->setEnabled(available);
}

}  // namespace drbn::ui
