// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The recomposition controls: per-band gains, learned or plain weights, fidelity to perceptual,
// exposure, saturation and noise reduction. Reports edits; the main window turns them into undoable commands.

#include "core/infer/enhancer.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSlider;

namespace drbn::ui {

/// Lives on the GUI thread, in the main window's tuning dock.
class TuningPanel : public QWidget {
  Q_OBJECT
 public:
  /// Which control changed; consecutive edits of one control merge into one undo step.
  enum Field { CoarseGain, MidGain, FineGain, Weights, Fidelity, Exposure, Saturation, NoiseReduction, ColourNoise, Strength, Reset };

  explicit TuningPanel(QWidget* parent = nullptr);
  infer::Adjustments adjustments() const { return m_values; }
  /// Shows `values` without reporting an edit (undo, redo, a new photo).
  void setAdjustments(const infer::Adjustments& values);
  /// Whether learned weight maps exist (stage 2); without them only plain gains apply.
  void setLearnedWeightsAvailable(bool available);
  /// Applies a value still being typed into a number box (it applies on Enter or when the box
  /// loses focus, which a menu shortcut does not make it do).
  void commitTypedValue();

 Q_SIGNALS:
  void edited(const drbn::infer::Adjustments& values, int field);

 private:
  struct Control {
    QSlider* slider = nullptr;
    QDoubleSpinBox* spin = nullptr;
    float* value = nullptr;
  };
  Control addControl(QFormLayout* form, const QString& label, const QString& tip, float* value, double min,
                     double max, int field, const QString& suffix = {});
  void show(const Control& c);
  infer::Adjustments m_values;
  std::vector<Control> m_controls;
  QComboBox* m_weights = nullptr;
  bool m_updating = false;
};

}  // namespace drbn::ui
