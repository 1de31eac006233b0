// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enginecontroller.h"

#include "ui/backgroundwork.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

namespace drbn::ui {
namespace {

infer::Stage bestStage(const infer::Enhancer& engine) {
  return engine.hasRecomposer() ? infer::Stage::Recomposed : infer::Stage::BandNetwork;
}

/// A file the engine loaded (the built-in model's have no path on disk).
QString fileOf(const infer::ModelInfo& info) {
  const QString path = QString::fromStdString(info.path);
  return QFileInfo(path).isFile() ? path : QString();
}

}  // namespace

infer::DeviceOptions EngineController::savedDevice() {
  const QSettings settings;
  return {settings.value(QStringLiteral("engine/device"), QStringLiteral("cpu")).toString().toStdString(),
          settings.value(QStringLiteral("engine/threads"), 0).toInt()};
}

EngineController::EngineController() {
  auto engine = emptyOnSavedDevice(/*sameDeviceOnly=*/false);
  engine->loadDefaultModel();
  m_engine = engine;
  m_stage = bestStage(*engine);
  const QSettings settings;
  const QString bands = settings.value(QStringLiteral("model/bands")).toString();
  const QString recomposer = settings.value(QStringLiteral("model/recompose")).toString();
  if (!bands.isEmpty()) {
    try {
      auto remembered = copyOnSavedDevice();  // the default model's recomposer stays unless the remembered one has its own
      remembered->loadBandNetwork(bands.toStdString());
      if (!recomposer.isEmpty()) remembered->loadRecomposer(recomposer.toStdString());
      m_engine = remembered;
    } catch (const std::exception& e) {  // moved or deleted since: the default model, and say why
      m_startProblem = QCoreApplication::translate("EngineController", "The last model could not be loaded (%1); using the default model.")
                           .arg(errorInWords(e));
    }
  }
  const int stage = settings.value(QStringLiteral("model/stage"), int(m_stage)).toInt();
  m_stage = stage == int(infer::Stage::Recomposed) && m_engine->hasRecomposer() ? infer::Stage::Recomposed
                                                                               : infer::Stage::BandNetwork;
}

std::shared_ptr<infer::Enhancer> EngineController::emptyOnSavedDevice(bool sameDeviceOnly) {
  const infer::DeviceOptions device = savedDevice();
  try {
    return std::make_shared<infer::Enhancer>(device);
  } catch (const std::exception&) {  // a GPU from another day: the CPU, unless that device was asked for
    if (sameDeviceOnly) throw;
    return std::make_shared<infer::Enhancer>(infer::DeviceOptions{"cpu", device.threads});
  }
}

std::shared_ptr<infer::Enhancer> EngineController::copyOnSavedDevice(bool sameDeviceOnly) const {
  auto engine = emptyOnSavedDevice(sameDeviceOnly);
  // The default model first, then the current engine's files over it, as it loaded them.
  engine->loadDefaultModel();
  const QString bands = fileOf(m_engine->bandNetworkInfo());
  const QString recomposer = m_engine->hasRecomposer() ? fileOf(m_engine->recomposerInfo()) : QString();
  if (!bands.isEmpty()) engine->loadBandNetwork(bands.toStdString());
  if (!recomposer.isEmpty()) engine->loadRecomposer(recomposer.toStdString());
  return engine;
}

void EngineController::swapIn(std::shared_ptr<infer::Enhancer> engine, infer::Stage stage) {
  m_engine = std::move(engine);
  m_stage = m_engine->hasRecomposer() ? stage : infer::Stage::BandNetwork;
  remember();
}

void EngineController::useFiles(const QString& bandNetwork, const QString& recomposer) {
  auto engine = copyOnSavedDevice();
  engine->loadBandNetwork(bandNetwork.toStdString());
  if (!recomposer.isEmpty()) engine->loadRecomposer(recomposer.toStdString());
  swapIn(engine, recomposer.isEmpty() ? infer::Stage::BandNetwork : infer::Stage::Recomposed);
}

void EngineController::loadBandNetwork(const QString& path) {
  auto engine = copyOnSavedDevice();
  engine->loadBandNetwork(path.toStdString());
  swapIn(engine, m_stage);
}

void EngineController::loadRecomposer(const QString& path) {
  auto engine = copyOnSavedDevice();
  engine->loadRecomposer(path.toStdString());
  swapIn(engine, infer::Stage::Recomposed);
}

void EngineController::useDefaultModel() {
  auto engine = emptyOnSavedDevice(/*sameDeviceOnly=*/false);  // not the current files, only to replace them
  engine->loadDefaultModel();
  swapIn(engine, bestStage(*engine));
}

void EngineController::applyDeviceSettings() { swapIn(copyOnSavedDevice(/*sameDeviceOnly=*/true), m_stage); }

void EngineController::setStage(infer::Stage stage) {
  m_stage = stage == infer::Stage::Recomposed && !m_engine->hasRecomposer() ? infer::Stage::BandNetwork : stage;
  remember();
}

void EngineController::remember() const {
  // An empty path stands for the built-in model, whose files are inside the program.
  const QString bands = fileOf(m_engine->bandNetworkInfo());
  const QString recomposer = m_engine->hasRecomposer() ? fileOf(m_engine->recomposerInfo()) : QString();
  QSettings settings;
  settings.setValue(QStringLiteral("model/bands"), bands);
  settings.setValue(QStringLiteral("model/recompose"), bands.isEmpty() ? QString() : recomposer);
  settings.setValue(QStringLiteral("model/stage"), int(m_stage));
}

}  // namespace drbn::ui
