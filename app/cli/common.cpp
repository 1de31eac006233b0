// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/common.h"

#include "core/io/terminal.h"
#include "core/models/defaultmodel.h"
#include "core/pipeline/shard.h"
#include "core/weights/weightfile.h"

#include <QLocale>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <csignal>
#include <cstdio>

namespace drbn::cli {
namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

void onSignal(int signal) {
  g_signal = signal;
  g_stop = true;
  std::signal(signal, SIG_DFL);
}

}  // namespace

StopOnSignal::StopOnSignal() {
  g_stop = false;
  g_signal = 0;
  m_previousInt = std::signal(SIGINT, onSignal);
  m_previousTerm = std::signal(SIGTERM, onSignal);
}

StopOnSignal::~StopOnSignal() {
  std::signal(SIGINT, m_previousInt);
  std::signal(SIGTERM, m_previousTerm);
}

const std::atomic<bool>* StopOnSignal::flag() const { return &g_stop; }
int StopOnSignal::exitStatus() const { return g_signal ? 128 + int(g_signal) : kFailed; }

void printOut(const QString& text) {
  std::fprintf(stdout, "%s\n", io::terminalSafe(text.toStdString()).c_str());
  std::fflush(stdout);
}

void printErr(const QString& text) {
  std::fprintf(stderr, "%s\n", io::terminalSafe(text.toStdString()).c_str());
  std::fflush(stderr);
}

void addAdjustmentOptions(QCommandLineParser& parser) {
  parser.addOptions({
      {QStringLiteral("noise-reduction"), QStringLiteral("Smooth luminance grain where the image is flat, 0 (default: off) to 1."), QStringLiteral("X"), QStringLiteral("0")},
      {QStringLiteral("colour-noise-reduction"), QStringLiteral("Smooth colour speckle, 0 (default: off) to 1."), QStringLiteral("X"), QStringLiteral("0")},
      {QStringLiteral("strength"), QStringLiteral("How much of the enhancement to apply: 1 (default) all, 0 the original."), QStringLiteral("X"), QStringLiteral("1")},
  });
}

infer::Adjustments adjustmentsFrom(const QCommandLineParser& parser) {
  auto fraction = [&](const QString& name) { return float(doubleOption(parser, name, 0, 1)); };
  infer::Adjustments a;
  a.noiseReduction = fraction(QStringLiteral("noise-reduction"));
  a.colourNoiseReduction = fraction(QStringLiteral("colour-noise-reduction"));
  a.strength = fraction(QStringLiteral("strength"));
  return a;
}

void addShardOptions(QCommandLineParser& parser) {
  parser.addOptions({
      {QStringLiteral("shard"), QStringLiteral("Do shard K of N: N processes given the same inputs together do each once "
                                               "(split by path). Default: a Slurm array task's SLURM_ARRAY_TASK_ID of "
                                               "SLURM_ARRAY_TASK_COUNT, when set."), QStringLiteral("K/N")},
      {QStringLiteral("shard-count"), QStringLiteral("A Kubernetes Indexed Job of N completions: the shard is JOB_COMPLETION_INDEX."),
       QStringLiteral("N"), QStringLiteral("0")},
  });
}

std::vector<std::string> shardOf(const QCommandLineParser& parser, const std::vector<std::string>& inputs) {
  std::optional<pipeline::Shard> shard;
  try {
    shard = parser.isSet(QStringLiteral("shard")) ? pipeline::parseShard(toStd(parser.value(QStringLiteral("shard"))))
                                                 : pipeline::shardFromEnvironment(intOption(parser, QStringLiteral("shard-count"), 0, 1 << 20));
  } catch (const std::invalid_argument& e) {
    throw UsageError{fromStd(e.what())};
  }
  if (!shard) return inputs;
  auto kept = pipeline::selectShard(inputs, *shard);
  printErr(QStringLiteral("drbn: shard %1/%2 (%3): %4 of %5")
               .arg(shard->index + 1).arg(shard->count).arg(fromStd(shard->source)).arg(kept.size())
               .arg(counted(qsizetype(inputs.size()), "file", "files")));
  return kept;
}

std::string toStd(const QString& s) { return s.toStdString(); }
QString fromStd(const std::string& s) { return QString::fromStdString(s); }

QString counted(long long n, const char* one, const char* many) {
  return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

void setUpParser(QCommandLineParser& parser, const QString& command, const QString& summary) {
  parser.setApplicationDescription(summary);
  parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);  // -ro DIR, -oDIR (GNU)
  parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit.")));
  parser.addPositionalArgument(command, QString(), command);
}

namespace {

/// GNU getopt_long's abbreviations, which Qt's parser lacks: a unique prefix of a long option
/// stands for it ("--over" for "--overwrite"); an ambiguous one is refused with the candidates.
/// The options are read from the parser's help (Qt has no list of them); values are skipped.
QStringList expandAbbreviations(const QCommandLineParser& parser, const QStringList& arguments) {
  static const QRegularExpression entry(QStringLiteral("^ +(?:-(\\S), )?--([A-Za-z0-9-]+)( <)?"),
                                        QRegularExpression::MultilineOption);
  QMap<QString, bool> longTakesValue;
  QSet<QChar> shortTakesValue;
  for (auto it = entry.globalMatch(parser.helpText()); it.hasNext();) {
    const auto match = it.next();
    const bool value = !match.captured(3).isEmpty();
    longTakesValue.insert(match.captured(2), value);
    if (value && !match.captured(1).isEmpty()) shortTakesValue.insert(match.captured(1).front());
  }
  QStringList out;
  bool valueNext = false, optionsEnd = false;
  for (const QString& arg : arguments) {
    if (valueNext || optionsEnd || !arg.startsWith(QLatin1Char('-')) || arg.size() < 2) {
      valueNext = false;
      out << arg;
      continue;
    }
    if (arg == QLatin1String("--")) {
      optionsEnd = true;
      out << arg;
      continue;
    }
    if (!arg.startsWith(QLatin1String("--"))) {  // -x, or a cluster -rxo DIR / -oDIR
      for (qsizetype i = 1; i < arg.size(); ++i)
        if (shortTakesValue.contains(arg[i])) {
          valueNext = i == arg.size() - 1;
          break;
        }
      out << arg;
      continue;
    }
    const qsizetype eq = arg.indexOf(QLatin1Char('='));
    QString name = arg.mid(2, eq < 0 ? -1 : eq - 2);
    if (!longTakesValue.contains(name)) {
      QStringList candidates;
      for (auto it = longTakesValue.keyBegin(); it != longTakesValue.keyEnd(); ++it)
        if (it->startsWith(name)) candidates << QStringLiteral("--") + *it;
      if (candidates.size() > 1)
        throw UsageError{QStringLiteral("option '--%1' is ambiguous; possibilities: %2").arg(name, candidates.join(QLatin1Char(' ')))};
      if (candidates.size() == 1) name = candidates.first().mid(2);
    }
    valueNext = eq < 0 && longTakesValue.value(name);
    out << QStringLiteral("--") + name + (eq < 0 ? QString() : arg.mid(eq));
  }
  return out;
}

}  // namespace

bool parse(QCommandLineParser& parser, const QString& command, const QStringList& arguments) {
  // The command is the first positional argument, so --help shows "drbn COMMAND [options] ...".
  if (!parser.parse(QStringList{QStringLiteral("drbn"), command} + expandAbbreviations(parser, arguments))) {
    const QStringList unknown = parser.unknownOptionNames();
    if (unknown.isEmpty()) throw UsageError{parser.errorText()};
    // As GNU tools say it (Qt: "Unknown option 'bogus'.", its dashes dropped).
    throw UsageError{QStringLiteral("unrecognized option '%1%2'")
                         .arg(unknown.first().size() == 1 ? QStringLiteral("-") : QStringLiteral("--"), unknown.first())};
  }
  if (parser.isSet(QStringLiteral("help"))) {
    QString help = parser.helpText();
    const qsizetype lineEnd = help.indexOf(QLatin1Char('\n'));
    const QString rest = help.left(lineEnd).section(QStringLiteral(" [options] ") + command, 1);
    help.replace(0, lineEnd, QStringLiteral("Usage: drbn %1 [options]%2").arg(command, rest));
    // The command's own entry under "Arguments:" (no description; a long one wrapped over lines).
    const QString heading = QStringLiteral("\nArguments:\n");
    if (const qsizetype section = help.indexOf(heading); section >= 0) {
      const qsizetype at = section + heading.size();
      const QString wanted = QString(command).remove(QLatin1Char(' '));
      QString seen;
      while (seen.size() < wanted.size()) {
        const qsizetype end = help.indexOf(QLatin1Char('\n'), at);
        if (end < 0) break;
        seen += help.mid(at, end - at).remove(QLatin1Char(' '));
        help.remove(at, end - at + 1);
      }
      if (help.mid(at).trimmed().isEmpty()) help.truncate(section + 1);
    }
    printOut(fromStd(io::wrappedHelp(toStd(help.trimmed()))));
    return false;
  }
  return true;
}

void addModelOptions(QCommandLineParser& parser) {
  parser.addOptions({
      {QStringLiteral("model"), QStringLiteral("Band network weights (DRBN stage 1): safetensors, .pt or .pth. Default: the built-in model."), QStringLiteral("FILE")},
      {QStringLiteral("recompose"), QStringLiteral("Band recomposition weights (stage 2)."), QStringLiteral("FILE")},
      {QStringLiteral("stage"), QStringLiteral("1: band network only (best fidelity); 2: recomposed (best looking; with --model needs --recompose). Default: 2 for the built-in model or with --recompose, else 1."), QStringLiteral("1|2")},
      {QStringLiteral("device"), QStringLiteral("cpu (default), cuda or cuda:N."), QStringLiteral("DEV"), QStringLiteral("cpu")},
      {QStringLiteral("threads"), QStringLiteral("CPU threads (default, or 0: all cores)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("tile"), QStringLiteral("Enhance in tiles of N x N pixels (a multiple of 4, at least 64) to bound memory; 0 picks by image size (default), -1 never tiles."), QStringLiteral("N"), QStringLiteral("0")},
  });
}

int intOption(const QCommandLineParser& parser, const QString& name, int min, int max) {
  bool ok = false;
  const int v = parser.value(name).toInt(&ok);
  if (!ok || v < min || v > max)
    throw UsageError{QStringLiteral("--%1 must be a whole number from %2 to %3, not '%4'").arg(name).arg(min).arg(max).arg(parser.value(name))};
  return v;
}

double doubleOption(const QCommandLineParser& parser, const QString& name, double min, double max) {
  bool ok = false;
  const double v = QLocale::c().toDouble(parser.value(name), &ok);
  if (!ok || !(v >= min && v <= max))  // NaN fails both
    throw UsageError{QStringLiteral("--%1 must be a number from %2 to %3, not '%4'").arg(name).arg(min).arg(max).arg(parser.value(name))};
  return v;
}

ModelSettings modelSettings(const QCommandLineParser& parser) {
  const bool hasModel = parser.isSet(QStringLiteral("model"));
  const bool hasRecompose = parser.isSet(QStringLiteral("recompose"));
  if (hasRecompose && !hasModel)
    throw UsageError{QStringLiteral("--recompose needs the band network it was trained with: --model FILE")};
  int stage = hasRecompose || (!hasModel && !models::defaultRecomposer().empty()) ? 2 : 1;
  if (parser.isSet(QStringLiteral("stage"))) stage = intOption(parser, QStringLiteral("stage"), 1, 2);
  if (stage == 2 && hasModel && !hasRecompose) throw UsageError{QStringLiteral("--stage 2 needs --recompose FILE")};
  ModelSettings settings;
  settings.stage = stage == 2 ? infer::Stage::Recomposed : infer::Stage::BandNetwork;
  settings.tile = intOption(parser, QStringLiteral("tile"), -1, 1 << 16);
  if (settings.tile > 0 && (settings.tile % 4 || settings.tile < 64))
    throw UsageError{QStringLiteral("--tile must be 0 (automatic), -1 (whole photo) or a multiple of 4 from 64, not %1")
                         .arg(settings.tile)};
  intOption(parser, QStringLiteral("threads"), 0, 1024);
  return settings;
}

std::unique_ptr<infer::Enhancer> makeEnhancer(const QCommandLineParser& parser, ModelSettings& settings) {
  settings = modelSettings(parser);
  const bool hasModel = parser.isSet(QStringLiteral("model"));
  const bool hasRecompose = parser.isSet(QStringLiteral("recompose"));
  infer::DeviceOptions device;
  device.device = toStd(parser.value(QStringLiteral("device")));
  device.threads = intOption(parser, QStringLiteral("threads"), 0, 1024);
  std::unique_ptr<infer::Enhancer> enhancer;
  try {
    enhancer = std::make_unique<infer::Enhancer>(device);
  } catch (const std::invalid_argument& e) {
    throw UsageError{fromStd(e.what())};
  }
  if (!hasModel) {
    enhancer->loadDefaultModel();
    return enhancer;
  }
  enhancer->loadBandNetwork(toStd(parser.value(QStringLiteral("model"))));
  if (hasRecompose && settings.stage == infer::Stage::Recomposed) enhancer->loadRecomposer(toStd(parser.value(QStringLiteral("recompose"))));
  return enhancer;
}

}  // namespace drbn::cli
