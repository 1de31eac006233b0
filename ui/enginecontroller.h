// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The studio's engine: which networks enhance, at which stage, on which device, remembered
// between runs (QSettings). A change builds a new engine and swaps it in whole; jobs still running
// keep the one they started with (their own reference), so nothing waits for them.

#include "core/infer/enhancer.h"

#include <QString>

#include <memory>

namespace drbn::ui {

/// Owned by the main window; GUI thread only.
class EngineController {
 public:
  /// The model remembered from the last run, or the default one (startProblem() says why).
  EngineController();

  std::shared_ptr<const infer::Enhancer> engine() const { return m_engine; }
  infer::Stage stage() const { return m_stage; }
  /// Why the remembered model was not loaded; empty when it was (or there was none).
  QString startProblem() const { return m_startProblem; }

  // Each builds a new engine and swaps it in, or throws std::exception with the reason and
  // changes nothing.
  /// A trained run's files: a band network and, from a stage-2 run, its recomposer (stage 2), or
  /// the band network alone (stage 1).
  void useFiles(const QString& bandNetwork, const QString& recomposer);
  void loadBandNetwork(const QString& path);
  void loadRecomposer(const QString& path);
  void useDefaultModel();
  /// After Preferences changed the device or threads: the same networks on the new device.
  void applyDeviceSettings();
  void setStage(infer::Stage stage);

  /// The device and threads Preferences saved.
  static infer::DeviceOptions savedDevice();

 private:
  /// A new engine without networks on the saved device (the CPU when that is gone).
  static std::shared_ptr<infer::Enhancer> emptyOnSavedDevice(bool sameDeviceOnly);
  /// The same, holding the current networks.
  std::shared_ptr<infer::Enhancer> copyOnSavedDevice(bool sameDeviceOnly = false) const;
  void swapIn(std::shared_ptr<infer::Enhancer> engine, infer::Stage stage);
  void remember() const;

  std::shared_ptr<const infer::Enhancer> m_engine;
  infer::Stage m_stage = infer::Stage::Recomposed;
  QString m_startProblem;
};

}  // namespace drbn::ui
