// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the commands share: option sets, message output, the engine set-up.

#include "core/infer/enhancer.h"

#include <QCommandLineParser>
#include <QString>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace drbn::cli {

/// Exit statuses, as GNU tools use them.
enum Exit { kOk = 0, kFailed = 1, kUsage = 2 };

/// Thrown for wrong usage; the message is printed with a hint to --help, exit status 2.
struct UsageError {
  QString message;
  QString command = {};  // whose --help to point to, e.g. "curate list" (default: the command run)
};

/// While it lives, Ctrl-C and SIGTERM set a flag for the work to stop at its next check instead of
/// ending the program (the handlers before come back after); a second signal ends it at once.
class StopOnSignal {
 public:
  StopOnSignal();
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  const std::atomic<bool>* flag() const;
  bool stopped() const { return flag()->load(); }
  /// 128 + the signal, as a shell reports a program it ended (130 for Ctrl-C); 1 without one.
  int exitStatus() const;

 private:
  void (*m_previousInt)(int), (*m_previousTerm)(int);
};

/// Lines for stdout and stderr, their control characters shown, not acted upon (io::terminalSafe).
void printOut(const QString& text);
void printErr(const QString& text);

/// Sets up a parser for `drbn COMMAND` with --help and the given summary and usage.
void setUpParser(QCommandLineParser& parser, const QString& command, const QString& summary);
/// Parses or throws UsageError; prints help and returns false when --help was given.
bool parse(QCommandLineParser& parser, const QString& command, const QStringList& arguments);

/// --model, --recompose, --stage, --device, --threads, --tile
void addModelOptions(QCommandLineParser& parser);
struct ModelSettings {
  infer::Stage stage = infer::Stage::Recomposed;
  int tile = 0;
};
/// The model options checked (a UsageError for a wrong one), nothing loaded yet.
ModelSettings modelSettings(const QCommandLineParser& parser);
/// Loads the networks the options name into a new engine; throws UsageError or WeightError.
/// Without --model, the built-in default model.
std::unique_ptr<infer::Enhancer> makeEnhancer(const QCommandLineParser& parser, ModelSettings& settings);

/// --noise-reduction X, --colour-noise-reduction X, --strength X (0..1; the recomposition
/// adjustments the studio's panel also offers).
void addAdjustmentOptions(QCommandLineParser& parser);
infer::Adjustments adjustmentsFrom(const QCommandLineParser& parser);

/// --shard K/N and --shard-count N: batch work split over independent processes
/// (core/pipeline/shard.h); without them, a Slurm array's or Kubernetes Indexed Job's variables.
void addShardOptions(QCommandLineParser& parser);
/// The inputs of this process's shard (all of them when not sharded), and a line saying which.
std::vector<std::string> shardOf(const QCommandLineParser& parser, const std::vector<std::string>& inputs);

int intOption(const QCommandLineParser& parser, const QString& name, int min, int max);
/// A number option in [min, max], written the C way under any locale; throws UsageError.
double doubleOption(const QCommandLineParser& parser, const QString& name, double min, double max);
std::string toStd(const QString& s);
QString fromStd(const std::string& s);
/// "1 image", "2 images": a count with its noun in English.
QString counted(long long n, const char* one, const char* many);

int enhanceCommand(const QStringList& arguments);
int evalCommand(const QStringList& arguments);
int benchCommand(const QStringList& arguments);
int infoCommand(const QStringList& arguments);
int convertCommand(const QStringList& arguments);
int trainCommand(const QStringList& arguments);
int synthCommand(const QStringList& arguments);
int packCommand(const QStringList& arguments);
int curateCommand(const QStringList& arguments);

}  // namespace drbn::cli
