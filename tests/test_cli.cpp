// SPDX-License-Identifier: GPL-3.0-or-later
// The drbn command line, run in-process: exit statuses, messages, and the files it writes.
#include "app/cli/cli.h"
#include "core/io/terminal.h"
#include "core/nn/networks.h"
#include "core/train/trainer.h"
#include "core/weights/tensorio.h"
#include "testutils.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QHostAddress>
#include <QTcpServer>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <opencv2/imgcodecs.hpp>
#include <torch/torch.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include <unistd.h>

using namespace drbn;

namespace {

/// Raises SIGINT (Ctrl-C) in this process once the command run on the calling thread has put its
/// own handler in place of `before` (the test's), so that it lands where a user's would; gives up
/// after two minutes (a command that failed before listening: its status tells).
std::thread interruptWhenListening(const struct sigaction& before) {
  return std::thread([before] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    for (struct sigaction now {}; std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(std::chrono::milliseconds(10))) {
      ::sigaction(SIGINT, nullptr, &now);
      if (now.sa_handler != before.sa_handler) {
        std::raise(SIGINT);
        return;
      }
    }
  });
}

struct Run {
  int status = 0;
  QString out, err;
};

// Runs `drbn ARGS...` and captures what it prints.
Run drbnRun(const QStringList& args) {
  std::fflush(stdout);
  std::fflush(stderr);
  FILE* outFile = std::tmpfile();
  FILE* errFile = std::tmpfile();
  const int savedOut = ::dup(1), savedErr = ::dup(2);
  ::dup2(::fileno(outFile), 1);
  ::dup2(::fileno(errFile), 2);
  Run r;
  r.status = cli::run(args);
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(savedOut, 1);
  ::dup2(savedErr, 2);
  ::close(savedOut);
  ::close(savedErr);
  auto slurp = [](FILE* f) {
    std::rewind(f);
    QByteArray bytes;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, qsizetype(n));
    std::fclose(f);
    return QString::fromUtf8(bytes);
  };
  r.out = slurp(outFile);
  r.err = slurp(errFile);
  return r;
}

void writeImage(const QString& path, int w, int h, int type = CV_8UC3) {
  QDir().mkpath(QFileInfo(path).path());
  cv::Mat m(h, w, type);
  cv::randu(m, 0, CV_MAT_DEPTH(type) == CV_16U ? 12000 : 50);
  QVERIFY(cv::imwrite(path.toStdString(), m));
}

/// `count` random pairs low/I.png and high/I.png in `dir`.
void writePairs(const QTemporaryDir& dir, int count, int w, int h) {
  for (int i = 0; i < count; ++i) {
    writeImage(dir.filePath(QStringLiteral("low/%1.png").arg(i)), w, h);
    writeImage(dir.filePath(QStringLiteral("high/%1.png").arg(i)), w, h);
  }
}

/// A free TCP port on the loopback address, for a run's TCPStore.
int freePort() {
  QTcpServer server;
  return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 29577;
}

/// `drbn ARGS` started as rank `rank` of a data-parallel run of `size` processes, as torchrun does.
void startRank(QProcess& p, int rank, int size, int port, const QStringList& args) {
  auto env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("RANK"), QString::number(rank));
  env.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
  env.insert(QStringLiteral("WORLD_SIZE"), QString::number(size));
  env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
  env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
  env.insert(QStringLiteral("DRBN_DIST_TIMEOUT"), QStringLiteral("60"));
  p.setProcessEnvironment(env);
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(QStringLiteral(DRBN_EXECUTABLE), args);
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_dir;
  QString m_band, m_recompose;

 private Q_SLOTS:
  void initTestCase() {
    torch::manual_seed(3);
    m_band = m_dir.filePath(QStringLiteral("band.safetensors"));
    m_recompose = m_dir.filePath(QStringLiteral("recompose.safetensors"));
    weights::saveModule(*nn::BandNetwork(), m_band.toStdString(), {{"name", "test-band"}});
    weights::saveModule(*nn::Recomposer(), m_recompose.toStdString(), {{"name", "test-recompose"}});
  }

  void helpAndUsage() {
    auto r = drbnRun({QStringLiteral("--help")});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains(QStringLiteral("Usage: drbn COMMAND")));
    // Every help fits an 80-column terminal, and "drbn help CMD" is "drbn CMD --help".
    for (const QString& command : {QStringLiteral(""), QStringLiteral("enhance"), QStringLiteral("eval"), QStringLiteral("bench"),
                                  QStringLiteral("info"), QStringLiteral("convert"), QStringLiteral("train"), QStringLiteral("synth"),
                                  QStringLiteral("pack"), QStringLiteral("curate"), QStringLiteral("curate list"),
                                  QStringLiteral("curate export"), QStringLiteral("curate measure"), QStringLiteral("curate import")}) {
      const auto help = drbnRun(command.split(QLatin1Char(' '), Qt::SkipEmptyParts) + QStringList{QStringLiteral("--help")});
      QCOMPARE(help.status, 0);
      for (const QString& line : help.out.split(QLatin1Char('\n')))
        QVERIFY2(line.size() <= 79, qPrintable(command + QStringLiteral(": ") + line));
    }
    QCOMPARE(drbnRun({QStringLiteral("help"), QStringLiteral("synth")}).out,
             drbnRun({QStringLiteral("synth"), QStringLiteral("--help")}).out);
    r = drbnRun({QStringLiteral("enhance"), QStringLiteral("--help")});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("--save-bands")) && r.out.contains(QStringLiteral("Usage: drbn enhance")), qPrintable(r.out));
    r = drbnRun({QStringLiteral("frobnicate")});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains(QStringLiteral("drbn: unknown command 'frobnicate'")));
    QVERIFY2(r.err.contains(QStringLiteral("Try 'drbn --help'")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("list"), QStringLiteral("none.drbncat")});
    QVERIFY2(r.status == 2 && r.err.contains(QStringLiteral("Try 'drbn curate list --help'")), qPrintable(r.err));
    // The command's own name is not listed as an argument without a description.
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("pairs"), QStringLiteral("--help")});
    QVERIFY2(r.out.contains(QStringLiteral("Arguments:\n  LOWDIR")), qPrintable(r.out));
    r = drbnRun({QStringLiteral("enhance"), QStringLiteral("x.png"), QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains(QStringLiteral("no output folder given (-o OUTDIR)")));
    r = drbnRun({QStringLiteral("enhance"), QStringLiteral("x.png"), QStringLiteral("-o"), QStringLiteral("o"), QStringLiteral("--model"), m_band, QStringLiteral("--stage"), QStringLiteral("2")});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains(QStringLiteral("--stage 2 needs --recompose FILE")));
    // Long options abbreviate as in GNU tools: a unique prefix stands for the option, and a value
    // is never taken for one ("--name --st" names a model "--st").
    r = drbnRun({QStringLiteral("enhance"), QStringLiteral("x.png"), QStringLiteral("-o"), QStringLiteral("o"), QStringLiteral("--mod"), m_band, QStringLiteral("--sta=2")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--stage 2 needs --recompose FILE")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("train"), QStringLiteral("--val"), QStringLiteral("x"), QStringLiteral("-o"), QStringLiteral("o")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("option '--val' is ambiguous; possibilities: --val-low --val-normal --validate-every --validation-fraction")),
             qPrintable(r.err));
    const QString named = m_dir.filePath(QStringLiteral("named.safetensors"));
    r = drbnRun({QStringLiteral("conv"), m_band, named, QStringLiteral("--name"), QStringLiteral("--st")});
    QCOMPARE(r.status, 2);  // no command is abbreviated
    r = drbnRun({QStringLiteral("convert"), m_band, named, QStringLiteral("--na"), QStringLiteral("--st")});
    QCOMPARE(r.status, 0);
    QVERIFY2(drbnRun({QStringLiteral("info"), named}).out.contains(QStringLiteral("meta name: --st")), qPrintable(r.err));
  }

  void batchContinuesPastABadFile() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("in/sub")));
    writeImage(dir.filePath(QStringLiteral("in/a.png")), 37, 29);
    writeImage(dir.filePath(QStringLiteral("in/sub/b.jpg")), 20, 16);
    QFile bad(dir.filePath(QStringLiteral("in/c.png")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a png at all");
    bad.close();
    const QString out = dir.filePath(QStringLiteral("out"));
    const auto r = drbnRun({QStringLiteral("enhance"), dir.filePath(QStringLiteral("in")), QStringLiteral("-r"), QStringLiteral("-o"), out,
                            QStringLiteral("--model"), m_band, QStringLiteral("--recompose"), m_recompose});
    QCOMPARE(r.status, 1);
    QVERIFY(QFile::exists(out + QStringLiteral("/a.png")));
    QVERIFY(QFile::exists(out + QStringLiteral("/sub/b.png")));  // in its subfolder, as in the input
    QVERIFY(!QFile::exists(out + QStringLiteral("/c.png")));
    QVERIFY2(r.err.contains(QStringLiteral("drbn: 1 failure:")), qPrintable(r.err));
    QVERIFY2(r.err.contains(dir.filePath(QStringLiteral("in/c.png")) + QStringLiteral(": not an image")), qPrintable(r.err));
    const cv::Mat a = cv::imread((out + QStringLiteral("/a.png")).toStdString(), cv::IMREAD_UNCHANGED);
    QCOMPARE(a.cols, 37);
    QCOMPARE(a.rows, 29);
  }

  // A photo's name is the user's, not the terminal's: an escape sequence in it (here: clear the
  // screen) and a right-to-left override are printed as text.
  void namesReachTheTerminalEscaped() {
    QTemporaryDir dir;
    const QString name = QStringLiteral("evil\x1b[2J\u202egnp.png");
    QFile bad(dir.filePath(name));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a png at all");
    bad.close();
    const auto r = drbnRun({QStringLiteral("enhance"), bad.fileName(), QStringLiteral("-o"), dir.filePath(QStringLiteral("out")),
                            QStringLiteral("--model"), m_band, QStringLiteral("--recompose"), m_recompose});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("evil\\x1b[2J\\u202egnp.png: not an image")), qPrintable(r.err));
    QVERIFY(!r.err.contains(QChar(0x1b)));
    QVERIFY(!r.err.contains(QChar(0x202e)));
    // C1 controls in UTF-8 and as stray bytes (0x9b is CSI to 8-bit terminals); text, newlines,
    // tabs and other scripts stay.
    QCOMPARE(io::terminalSafe("a\x9b" "b\xc2\x9b" "c\xe2\x80\xae" "d\xe2\x81\xa6\n\t\xc3\xa9\xe6\x97\xa5\x7f"),
             std::string("a\\x9bb\\x9bc\\u202ed\\u2066\n\t\xc3\xa9\xe6\x97\xa5\\x7f"));
  }

  void neverOverwritesItsInput() {
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("photo.png"));
    writeImage(in, 16, 16);
    const QByteArray before = [&] { QFile f(in); f.open(QIODevice::ReadOnly); return f.readAll(); }();
    const auto r = drbnRun({QStringLiteral("enhance"), in, QStringLiteral("-o"), dir.path(), QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("is an input of this batch")), qPrintable(r.err));
    QFile f(in);
    f.open(QIODevice::ReadOnly);
    QCOMPARE(f.readAll(), before);
  }

  // a.jpg's result would be a.png, another input in the same folder: every output is planned
  // before the first is written, so neither original changes.
  void neverOverwritesAnotherInputOrAnEarlierResult() {
    QTemporaryDir dir;
    const QString jpg = dir.filePath(QStringLiteral("a.jpg")), png = dir.filePath(QStringLiteral("a.png"));
    writeImage(jpg, 16, 16);
    writeImage(png, 20, 12);
    auto contents = [](const QString& path) { QFile f(path); f.open(QIODevice::ReadOnly); return f.readAll(); };
    const QByteArray jpgBefore = contents(jpg), pngBefore = contents(png);
    auto r = drbnRun({QStringLiteral("enhance"), jpg, png, QStringLiteral("-o"), dir.path(), QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(jpg + QStringLiteral(": its output ") + png + QStringLiteral(" is an input of this batch")),
             qPrintable(r.err));
    QCOMPARE(contents(jpg), jpgBefore);
    QCOMPARE(contents(png), pngBefore);
    // a.jpg alone into its own folder: a.png is no input now, but no result of ours either, so
    // not even --overwrite replaces it.
    for (const auto& flag : {QStringLiteral("--overwrite"), QStringLiteral("--skip-existing")}) {
      r = drbnRun({QStringLiteral("enhance"), jpg, QStringLiteral("-o"), dir.path(), QStringLiteral("--model"), m_band, flag});
      QCOMPARE(r.status, 1);
      QVERIFY2(r.err.contains(png + QStringLiteral(" is there and is no result of drbn")), qPrintable(r.err));
      QCOMPARE(contents(png), pngBefore);
    }

    // A result from an earlier run stays unless --overwrite says otherwise.
    const QString out = dir.filePath(QStringLiteral("out"));
    r = drbnRun({QStringLiteral("enhance"), png, QStringLiteral("-o"), out, QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 0);
    const QByteArray first = contents(out + QStringLiteral("/a.png"));
    r = drbnRun({QStringLiteral("enhance"), jpg, QStringLiteral("-o"), out, QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("already exists (--overwrite replaces it, --skip-existing keeps it)")), qPrintable(r.err));
    QCOMPARE(contents(out + QStringLiteral("/a.png")), first);
    r = drbnRun({QStringLiteral("enhance"), jpg, QStringLiteral("-o"), out, QStringLiteral("--model"), m_band, QStringLiteral("--overwrite")});
    QCOMPARE(r.status, 0);
    QCOMPARE(cv::imread((out + QStringLiteral("/a.png")).toStdString(), cv::IMREAD_UNCHANGED).cols, 16);
  }

  // What a user's mistake must not cost: a file already there, or hours of work before an
  // unusable output is noticed.
  void refusesEarlyAndNeverReplacesUnasked() {
    QTemporaryDir dir;
    auto path = [&](const char* name) { return dir.filePath(QLatin1String(name)); };
    auto contents = [](const QString& file) { QFile f(file); f.open(QIODevice::ReadOnly); return f.readAll(); };
    writeImage(path("photos/high/r.png"), 40, 30);
    const QByteArray photo = contents(path("photos/high/r.png"));
    // synth: never into the folder it reads, never over an earlier set unasked.
    auto r = drbnRun({QStringLiteral("synth"), path("photos/high"), QStringLiteral("-o"), path("photos"), QStringLiteral("--max-side"), QStringLiteral("20")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("is where the pairs would go")), qPrintable(r.err));
    QCOMPARE(contents(path("photos/high/r.png")), photo);
    QCOMPARE(drbnRun({QStringLiteral("synth"), path("photos/high"), QStringLiteral("-o"), path("syn")}).status, 0);
    const QByteArray low = contents(path("syn/low/r.png"));
    r = drbnRun({QStringLiteral("synth"), path("photos/high"), QStringLiteral("-o"), path("syn"), QStringLiteral("--seed"), QStringLiteral("5")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("already holds 2 of the files to write (--overwrite replaces them)")), qPrintable(r.err));
    QCOMPARE(contents(path("syn/low/r.png")), low);
    QCOMPARE(drbnRun({QStringLiteral("synth"), path("photos/high"), QStringLiteral("-o"), path("syn"), QStringLiteral("--seed"), QStringLiteral("5"),
                      QStringLiteral("--overwrite")}).status, 0);
    QVERIFY(contents(path("syn/low/r.png")) != low);
    // ... nor beside another folder's pairs, nor one pair for two photos of one name.
    writeImage(path("photos/other/q.png"), 40, 30);
    r = drbnRun({QStringLiteral("synth"), path("photos/other"), QStringLiteral("-o"), path("syn")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("holds 2 images that this run would not write")), qPrintable(r.err));
    QVERIFY(!QFile::exists(path("syn/low/q.png")));
    writeImage(path("photos/high/r.jpg"), 40, 30);
    r = drbnRun({QStringLiteral("synth"), path("photos/high"), QStringLiteral("-o"), path("syn2")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("r.png: its pair would be named as ")) && r.err.contains(QStringLiteral("rename one of them")),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(path("syn2")));
    // convert and eval --json: not over a photo.
    r = drbnRun({QStringLiteral("convert"), m_recompose, path("photos/high/r.png"), QStringLiteral("--overwrite")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("r.png: OUT must be named *.safetensors")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("convert"), m_recompose, m_band});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("already exists (--overwrite replaces it)")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("eval"), path("syn/low"), QStringLiteral("--model"), m_band, QStringLiteral("--json"), path("photos/high/r.png")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("is not an earlier 'drbn eval --json' report; not replaced")), qPrintable(r.err));
    QCOMPARE(contents(path("photos/high/r.png")), photo);
    r = drbnRun({QStringLiteral("eval"), path("syn/low"), QStringLiteral("--model"), m_band, QStringLiteral("--json"), path("nowhere/s.json")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("no such folder")), qPrintable(r.err));
    // Not a number is not a fraction.
    r = drbnRun({QStringLiteral("enhance"), path("photos/high/r.png"), QStringLiteral("-o"), path("out"), QStringLiteral("--model"), m_band,
                 QStringLiteral("--strength"), QStringLiteral("nan")});
    QCOMPARE(r.status, 2);
    // An output folder that cannot be is found before any photo is enhanced.
    r = drbnRun({QStringLiteral("enhance"), path("photos/high/r.png"), QStringLiteral("-o"), path("photos/high/r.png/out"), QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("cannot create output folder")) && !r.err.contains(QStringLiteral("[1/1]")), qPrintable(r.err));
  }

  // -r keeps subfolders apart (two cameras' IMG_0001), and a re-run does not take its own results
  // inside the searched folder for inputs.
  void recursiveBatchMirrorsSubfolders() {
    QTemporaryDir dir;
    writeImage(dir.filePath(QStringLiteral("in/a/x.png")), 16, 12);
    writeImage(dir.filePath(QStringLiteral("in/b/x.png")), 20, 12);
    const QString out = dir.filePath(QStringLiteral("in/out"));
    const QStringList args{QStringLiteral("enhance"), dir.filePath(QStringLiteral("in")), QStringLiteral("-r"), QStringLiteral("-o"), out,
                           QStringLiteral("--model"), m_band};
    // Without -r the folder holds no photos: said, as a failure, and where they are.
    auto r = drbnRun({QStringLiteral("enhance"), dir.filePath(QStringLiteral("in")), QStringLiteral("-o"), out, QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no photos in ") + dir.filePath(QStringLiteral("in")) +
                            QStringLiteral(" (2 subfolders; -r searches them)")), qPrintable(r.err));
    r = drbnRun(args);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(cv::imread((out + QStringLiteral("/a/x.png")).toStdString()).cols, 16);
    QCOMPARE(cv::imread((out + QStringLiteral("/b/x.png")).toStdString()).cols, 20);
    r = drbnRun(args + QStringList{QStringLiteral("--skip-existing")});
    QVERIFY2(r.status == 0 && r.err.contains(QStringLiteral("2 results already there, kept")), qPrintable(r.err));
    QVERIFY2(!r.err.contains(QStringLiteral("warning")), qPrintable(r.err));
    // ... and says so when the kept ones were made otherwise (other adjustments here).
    r = drbnRun(args + QStringList{QStringLiteral("--skip-existing"), QStringLiteral("--strength"), QStringLiteral("0.5")});
    QVERIFY2(r.status == 0 && r.err.contains(QStringLiteral("warning: all of them were made with another model, stage or adjustments")),
             qPrintable(r.err));
    // Ctrl-C stops within the photo at hand, which is not written, and says how to go on. (Photos
    // large enough that the batch still runs when the signal comes, some 10 ms after it listens.)
    {
      for (int i = 0; i < 3; ++i) writeImage(dir.filePath(QStringLiteral("large/%1.png").arg(i)), 640, 480);
      struct sigaction before {};
      ::sigaction(SIGINT, nullptr, &before);
      std::thread interrupt = interruptWhenListening(before);
      const QString stopped = dir.filePath(QStringLiteral("stopped"));
      r = drbnRun({QStringLiteral("enhance"), dir.filePath(QStringLiteral("large")), QStringLiteral("-o"), stopped,
                   QStringLiteral("--model"), m_band});
      interrupt.join();
      QCOMPARE(r.status, 130);
      QVERIFY2(r.err.contains(QStringLiteral("the same command with --skip-existing does the rest")), qPrintable(r.err));
      for (QDirIterator it(stopped, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories); it.hasNext();) {
        const QString file = it.next();  // whole results only: no temporary left, each one reads
        QVERIFY2(!file.endsWith(QStringLiteral(".part")) && !cv::imread(file.toStdString()).empty(), qPrintable(file));
      }
    }
    // Results written beside the photos would be inputs of the next run: an input folder is no OUTDIR.
    r = drbnRun({QStringLiteral("enhance"), dir.filePath(QStringLiteral("in/a")), QStringLiteral("-o"), dir.filePath(QStringLiteral("in/a/")),
                 QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("is also an input folder")), qPrintable(r.err));
    QCOMPARE(QDir(dir.filePath(QStringLiteral("in/a"))).entryList(QDir::Files), QStringList{QStringLiteral("x.png")});
  }

  void savesEveryBandAndKeeps16Bits() {
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("deep.tif"));
    writeImage(in, 24, 20, CV_16UC3);
    const QString out = dir.filePath(QStringLiteral("out"));
    const auto r = drbnRun({QStringLiteral("enhance"), in, QStringLiteral("-o"), out, QStringLiteral("--save-bands"), QStringLiteral("--format"),
                            QStringLiteral("tif"), QStringLiteral("--model"), m_band, QStringLiteral("--recompose"), m_recompose});
    QCOMPARE(r.status, 0);
    const cv::Mat result = cv::imread((out + QStringLiteral("/deep.tif")).toStdString(), cv::IMREAD_UNCHANGED);
    QCOMPARE(result.depth(), CV_16U);
    QStringList expected;
    for (int k = 1; k <= 4; ++k)
      for (int s : {1, 2, 4}) expected << QStringLiteral("r%1_s%2.png").arg(k).arg(s);
    expected << QStringLiteral("band_coarse.png") << QStringLiteral("band_mid.png") << QStringLiteral("band_fine.png")
             << QStringLiteral("w1.png") << QStringLiteral("w2.png") << QStringLiteral("w3.png");
    QStringList found = QDir(out + QStringLiteral("/deep")).entryList(QDir::Files);
    expected.sort();
    found.sort();
    QCOMPARE(found, expected);
    QCOMPARE(cv::imread((out + QStringLiteral("/deep/r1_s4.png")).toStdString(), cv::IMREAD_UNCHANGED).cols, 6);
  }

  // drbn bench --all reports every figure with its distance to this CPU's floor.
  void benchReportsEveryFigureAgainstTheFloor() {
    const QString photo = m_dir.filePath(QStringLiteral("bench/small.png"));
    writeImage(photo, 96, 64);
    const auto r = drbnRun({QStringLiteral("bench"), photo, QStringLiteral("--model"), m_band, QStringLiteral("--recompose"),
                            m_recompose, QStringLiteral("--runs"), QStringLiteral("1"), QStringLiteral("--all"),
                            QStringLiteral("--large"), QStringLiteral("2800x1600")});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("GFLOP/s attained by a large convolution")), qPrintable(r.out));
    for (const char* figure : {"stage 2, oneDNN, untiled:", "baseline: LibTorch op by op", "stage 1, oneDNN, untiled:",
                               "2800x1600 in tiles of", "training step, stage 1"}) {
      const auto lines = r.out.split(QLatin1Char('\n'));
      const auto line = std::find_if(lines.begin(), lines.end(), [&](const QString& l) { return l.contains(QLatin1String(figure)); });
      QVERIFY2(line != lines.end(), figure);
      // A share of a floor that a real measurement put above zero seconds.
      const QRegularExpression floor(QStringLiteral("\\d+% of the floor \\((\\d+\\.\\d+) s"));
      const auto match = floor.match(*line);
      QVERIFY2(match.hasMatch() && match.captured(1).toDouble() > 0, qPrintable(*line));
    }
  }

  void infoAndConvert() {
    auto r = drbnRun({QStringLiteral("info"), m_band});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("parameters: 557,668")) && r.out.contains(QStringLiteral("meta name: test-band")), qPrintable(r.out));
    const QString converted = m_dir.filePath(QStringLiteral("converted.safetensors"));
    r = drbnRun({QStringLiteral("convert"), m_recompose, converted, QStringLiteral("--name"), QStringLiteral("mine")});
    QCOMPARE(r.status, 0);
    r = drbnRun({QStringLiteral("info"), converted});
    QVERIFY2(r.out.contains(QStringLiteral("meta name: mine")) && r.out.contains(QStringLiteral("meta stage: 2")), qPrintable(r.out));
    r = drbnRun({QStringLiteral("info"), m_dir.filePath(QStringLiteral("nothing.pt"))});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains(QStringLiteral("nothing.pt: cannot open: No such file or directory")));
  }

  void evalScoresAgainstReferences() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("low")));
    QDir().mkpath(dir.filePath(QStringLiteral("high")));
    writeImage(dir.filePath(QStringLiteral("low/1.png")), 32, 24);
    writeImage(dir.filePath(QStringLiteral("high/1.png")), 32, 24);
    // A folder of links (a split made of links to the data) names the images as they are listed.
    QDir().mkpath(dir.filePath(QStringLiteral("links")));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("low/1.png")), dir.filePath(QStringLiteral("links/1.png"))));
    const auto linked = drbnRun({QStringLiteral("eval"), dir.filePath(QStringLiteral("links")), QStringLiteral("--model"), m_band});
    QCOMPARE(linked.status, 0);
    QVERIFY2(linked.out.split(QLatin1Char('\n')).value(1).startsWith(QStringLiteral("1.png ")), qPrintable(linked.out));
    // A folder without images says so, and prints no empty table.
    const auto none = drbnRun({QStringLiteral("eval"), dir.filePath(QStringLiteral("high/..")), QStringLiteral("--model"), m_band});
    QCOMPARE(none.status, 1);
    QVERIFY2(none.out.isEmpty() && none.err.contains(QStringLiteral(": no images (subfolders need -r)")), qPrintable(none.out + none.err));
    const QString json = dir.filePath(QStringLiteral("scores.json"));
    const auto r = drbnRun({QStringLiteral("eval"), dir.filePath(QStringLiteral("low")), dir.filePath(QStringLiteral("high")),
                            QStringLiteral("--model"), m_band, QStringLiteral("--json"), json, QStringLiteral("--shave"), QStringLiteral("2")});
    QCOMPARE(r.status, 0);
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto doc = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(doc[QStringLiteral("mean")].toObject()[QStringLiteral("count")].toInt(), 1);
    QVERIFY(doc[QStringLiteral("mean")].toObject()[QStringLiteral("psnr")].toDouble() > 0);
    QVERIFY(doc[QStringLiteral("images")].toArray()[0].toObject().contains(QStringLiteral("noise")));
    // Without references: the no-reference measures alone, for a user's own unpaired photos.
    const auto u = drbnRun({QStringLiteral("eval"), dir.filePath(QStringLiteral("low")), QStringLiteral("--model"), m_band,
                            QStringLiteral("--json"), json});
    QCOMPARE(u.status, 0);
    QVERIFY2(u.out.startsWith(QStringLiteral("image")) && u.out.contains(QStringLiteral("chroma")) &&
                 !u.out.contains(QStringLiteral("PSNR")), qPrintable(u.out));
    // A table for people: spaces, not tabs, and its columns aligned whatever the names' lengths.
    const QStringList rows = u.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(!u.out.contains(QLatin1Char('\t')) && rows.size() >= 3, qPrintable(u.out));
    for (const QString& row : rows) QCOMPARE(row.size(), rows.first().size());
    QFile again(json);
    QVERIFY(again.open(QIODevice::ReadOnly));
    const auto mean = QJsonDocument::fromJson(again.readAll()).object()[QStringLiteral("mean")].toObject();
    QVERIFY(!mean.contains(QStringLiteral("psnr")) && mean.contains(QStringLiteral("cast")) && mean.contains(QStringLiteral("black_level")));
    QVERIFY(mean[QStringLiteral("brightness")].toDouble() > 0 && mean[QStringLiteral("highlights")].toDouble() >= mean[QStringLiteral("brightness")].toDouble());
  }

  // N processes given the same inputs, each its --shard (or a Slurm array task's variables), do
  // each input once, with the bytes of one run; a re-run with --skip-existing redoes only what is
  // missing or broken; eval's shards merge into the single run's figures to the last bit.
  void shardsTogetherEqualOneRun() {
    QTemporaryDir dir;
    writePairs(dir, 7, 32, 24);
    const QString low = dir.filePath(QStringLiteral("low")), high = dir.filePath(QStringLiteral("high"));
    const QString single = dir.filePath(QStringLiteral("single")), sharded = dir.filePath(QStringLiteral("sharded"));
    auto r = drbnRun({QStringLiteral("enhance"), low, QStringLiteral("-o"), single, QStringLiteral("--model"), m_band});
    QCOMPARE(r.status, 0);
    int total = 0;
    for (int k = 1; k <= 3; ++k) {
      QStringList args{QStringLiteral("enhance"), low, QStringLiteral("-o"), sharded, QStringLiteral("--model"), m_band};
      if (k == 2) {  // a Slurm array task --array=1-3: the same shard as --shard 2/3
        qputenv("SLURM_ARRAY_TASK_ID", "2");
        qputenv("SLURM_ARRAY_TASK_MIN", "1");
        qputenv("SLURM_ARRAY_TASK_COUNT", "3");
      } else {
        args << QStringLiteral("--shard") << QStringLiteral("%1/3").arg(k);
      }
      r = drbnRun(args);
      for (const char* name : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"}) qunsetenv(name);
      QVERIFY2(r.status == 0, qPrintable(r.err));
      const auto m = QRegularExpression(QStringLiteral("shard %1/3 \\((.*)\\): (\\d+) of 7 file").arg(k)).match(r.err);
      QVERIFY2(m.hasMatch(), qPrintable(r.err));
      QCOMPARE(m.captured(1).startsWith(QStringLiteral("SLURM")), k == 2);
      total += m.captured(2).toInt();
    }
    QCOMPARE(total, 7);
    const auto names = QDir(single).entryList(QDir::Files, QDir::Name);
    QCOMPARE(names.size(), 7);
    QCOMPARE(QDir(sharded).entryList(QDir::Files, QDir::Name), names);
    auto bytes = [](const QString& path) {
      QFile f(path);
      return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    for (const auto& name : names) QVERIFY2(bytes(single + QLatin1Char('/') + name) == bytes(sharded + QLatin1Char('/') + name), qPrintable(name));

    // A preempted shard: one result lost, one cut short. The re-run redoes those two alone.
    QVERIFY(QFile::remove(sharded + QStringLiteral("/0.png")));
    QFile cut(sharded + QStringLiteral("/1.png"));
    QVERIFY(cut.open(QIODevice::ReadWrite) && cut.resize(40));
    cut.close();
    const QDateTime kept = QFileInfo(sharded + QStringLiteral("/2.png")).lastModified();
    r = drbnRun({QStringLiteral("enhance"), low, QStringLiteral("-o"), sharded, QStringLiteral("--model"), m_band, QStringLiteral("--skip-existing")});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.err.contains(QStringLiteral("5 results already there, kept")), qPrintable(r.err));
    QCOMPARE(bytes(sharded + QStringLiteral("/0.png")), bytes(single + QStringLiteral("/0.png")));
    QCOMPARE(bytes(sharded + QStringLiteral("/1.png")), bytes(single + QStringLiteral("/1.png")));
    QCOMPARE(QFileInfo(sharded + QStringLiteral("/2.png")).lastModified(), kept);

    // eval: three shards' JSON merged = one run's.
    const QString whole = dir.filePath(QStringLiteral("whole.json"));
    QCOMPARE(drbnRun({QStringLiteral("eval"), low, high, QStringLiteral("--model"), m_band, QStringLiteral("--json"), whole}).status, 0);
    QStringList parts;
    for (int k = 1; k <= 3; ++k) {
      parts << dir.filePath(QStringLiteral("part%1.json").arg(k));
      QCOMPARE(drbnRun({QStringLiteral("eval"), low, high, QStringLiteral("--model"), m_band, QStringLiteral("--shard"),
                        QStringLiteral("%1/3").arg(k), QStringLiteral("--json"), parts.last()}).status, 0);
    }
    const QString merged = dir.filePath(QStringLiteral("merged.json"));
    r = drbnRun(QStringList{QStringLiteral("eval"), QStringLiteral("--merge")} + parts + QStringList{QStringLiteral("--json"), merged});
    QCOMPARE(r.status, 0);
    auto json = [&](const QString& path) { return QJsonDocument::fromJson(bytes(path)).object(); };
    QCOMPARE(json(merged)[QStringLiteral("mean")], json(whole)[QStringLiteral("mean")]);
    QCOMPARE(json(merged)[QStringLiteral("images")], json(whole)[QStringLiteral("images")]);
    // --baseline: photo by photo against another model's run of the same images.
    auto baseline = json(whole);
    auto images = baseline[QStringLiteral("images")].toArray();
    const int n = int(images.size());
    QVERIFY(n >= 2);
    for (int i = 0; i < n; ++i) {
      auto row = images[i].toObject();
      row[QStringLiteral("noise")] = row[QStringLiteral("noise")].toDouble() + (i == 0 ? 1 : -1);
      row[QStringLiteral("psnr")] = row[QStringLiteral("psnr")].toDouble() + 1;
      row[QStringLiteral("brightness")] = 200;
      images[i] = row;
    }
    baseline[QStringLiteral("images")] = images;
    baseline[QStringLiteral("model")] = QStringLiteral("theirs");
    const QString base = dir.filePath(QStringLiteral("base.json"));
    QFile baseFile(base);
    QVERIFY(baseFile.open(QIODevice::WriteOnly));
    baseFile.write(QJsonDocument(baseline).toJson());
    baseFile.close();
    r = drbnRun(QStringList{QStringLiteral("eval"), QStringLiteral("--merge")} + parts + QStringList{QStringLiteral("--baseline"), base});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("against %1 (theirs):").arg(base)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("noise  no higher on 1 of %1 images").arg(n)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("PSNR   no lower  on 0 of %1 images (0%)").arg(n)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("SSIM   no lower  on %1 of %1 images (100%)").arg(n)), qPrintable(r.out));
    // Brightness is context, not a score: both means, no count.
    QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\\n  bright mean [0-9.]+ against 200\\.0\\n"))), qPrintable(r.out));
    r = drbnRun({QStringLiteral("eval"), QStringLiteral("--merge"), whole, QStringLiteral("--baseline"), low});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(low), qPrintable(r.err));
    r = drbnRun({QStringLiteral("eval"), QStringLiteral("--merge"), whole, whole});  // (a shard may hold no image)
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("is in two shards")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("enhance"), low, QStringLiteral("-o"), sharded, QStringLiteral("--shard"), QStringLiteral("4/3")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--shard must be K/N with 1 <= K <= N, not '4/3'")), qPrintable(r.err));
  }

  void synthThenTrainThenResume() {
    QTemporaryDir dir;
    for (int i = 0; i < 3; ++i) writeImage(dir.filePath(QStringLiteral("photos/%1.png").arg(i)), 64, 56);
    const QString data = dir.filePath(QStringLiteral("pairs")), run = dir.filePath(QStringLiteral("run"));
    auto r = drbnRun({QStringLiteral("synth"), dir.filePath(QStringLiteral("photos")), QStringLiteral("-o"), data});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains(QStringLiteral("3 pairs written")));
    const QStringList common{QStringLiteral("--crop"), QStringLiteral("32"), QStringLiteral("--batch"), QStringLiteral("1"),
                             QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--validation-fraction"), QStringLiteral("0.34")};
    r = drbnRun(QStringList{QStringLiteral("train"), data, QStringLiteral("-o"), run, QStringLiteral("--steps"), QStringLiteral("2")} + common);
    QCOMPARE(r.status, 0);
    QVERIFY2(r.err.contains(QStringLiteral("dataset layout: low/high pairs")) &&
                 r.err.contains(QStringLiteral("data: 2 training pairs, 1 validation pair,")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("trained 2 steps; model: ") + run + QStringLiteral("/bands.safetensors")), qPrintable(r.out));
    // --precision auto is what this CPU computes fastest, said at the start; a typo is refused.
    const QString precision = QString::fromStdString(train::fastestPrecision("cpu"));
    QVERIFY2(r.err.contains(QStringLiteral("on cpu (2 threads) in ") + precision), qPrintable(r.err));
    QCOMPARE(train::Trainer::savedOptions(run.toStdString()).precision, precision.toStdString());
    r = drbnRun(QStringList{QStringLiteral("train"), data, QStringLiteral("-o"), dir.filePath(QStringLiteral("y")),
                            QStringLiteral("--precision"), QStringLiteral("fp16")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--precision expects auto, fp32 or bf16, not 'fp16'")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("train"), data, QStringLiteral("-o"), run});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("already holds a training run")), qPrintable(r.err));
    // Settings of the run cannot change on resume (they were parsed and ignored): refused, by name.
    r = drbnRun({QStringLiteral("train"), QStringLiteral("--resume"), run, QStringLiteral("--lr"), QStringLiteral("0.5"),
                 QStringLiteral("--batch"), QStringLiteral("2")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--lr, --batch cannot change when resuming")), qPrintable(r.err));
    // --threads 0 (all cores) is taken as for a new run.
    r = drbnRun({QStringLiteral("train"), QStringLiteral("--resume"), run, QStringLiteral("--steps"), QStringLiteral("3"),
                 QStringLiteral("--threads"), QStringLiteral("0")});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("trained 3 steps")), qPrintable(r.out));
    QFile log(run + QStringLiteral("/log.csv"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QCOMPARE(log.readAll().count('\n'), 4);  // header and steps 1-3
    // Ctrl-C: the step finishes, the checkpoint is written, and the exit status says a signal
    // stopped it (130, as a shell reports Ctrl-C), not that training failed.
    {
      const QString stopped = dir.filePath(QStringLiteral("stopped"));
      struct sigaction before {};
      ::sigaction(SIGINT, nullptr, &before);
      std::thread interrupt = interruptWhenListening(before);
      r = drbnRun(QStringList{QStringLiteral("train"), data, QStringLiteral("-o"), stopped, QStringLiteral("--steps"), QStringLiteral("100000")} + common);
      interrupt.join();
      QCOMPARE(r.status, 130);
      QVERIFY2(r.err.contains(QStringLiteral("; continue with: drbn train --resume ") + stopped), qPrintable(r.err));
      QVERIFY(QFile::exists(stopped + QStringLiteral("/checkpoint.safetensors")));
    }
    // A finished run resumed says so, without inventing scores.
    r = drbnRun({QStringLiteral("train"), QStringLiteral("--resume"), run});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.trimmed() == run + QStringLiteral(" is already at step 3: nothing to train (--steps N with N above it trains on)"),
             qPrintable(r.out));
    r = drbnRun({QStringLiteral("train"), dir.filePath(QStringLiteral("photos")), QStringLiteral("-o"), dir.filePath(QStringLiteral("x"))});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("no known dataset layout")), qPrintable(r.err));
    // A new run never writes into a folder that holds anything, checkpoint or not.
    const QString other = dir.filePath(QStringLiteral("notes"));
    QDir().mkpath(other);
    QFile keep(other + QStringLiteral("/log.csv"));
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.write("mine\n");
    keep.close();
    r = drbnRun(QStringList{QStringLiteral("train"), data, QStringLiteral("-o"), other, QStringLiteral("--steps"), QStringLiteral("1")} + common);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("is not an empty folder")), qPrintable(r.err));
    QVERIFY(keep.open(QIODevice::ReadOnly));
    QCOMPARE(keep.readAll(), QByteArray("mine\n"));
  }

  // The torch-only trainer (what a GPU machine runs) trains from a pack, stops on its time limit
  // with a checkpoint, and `drbn train` continues its run here, with the pack where it is now.
  void packThenTrainerThenDrbnResumes() {
    QTemporaryDir dir;
    writePairs(dir, 3, 48, 40);
    const QString pack = dir.filePath(QStringLiteral("pack")), run = dir.filePath(QStringLiteral("run"));
    auto r = drbnRun({QStringLiteral("pack"), dir.path(), QStringLiteral("-o"), pack, QStringLiteral("--validation-fraction"),
                      QStringLiteral("0.34")});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("packed 2 pairs, 1 held out, 0 unpaired, 0 high-quality into 1 shard,")), qPrintable(r.out));
    r = drbnRun({QStringLiteral("pack"), QStringLiteral("-o"), dir.filePath(QStringLiteral("empty"))});
    QCOMPARE(r.status, 2);  // a usage error, not a failure of the data
    QVERIFY2(r.err.contains(QStringLiteral("no training pairs given: a dataset ROOT, or --low and --normal")), qPrintable(r.err));

    auto trainer = [](const QStringList& args) {
      QProcess p;
      p.setProcessChannelMode(QProcess::MergedChannels);
      p.start(QStringLiteral(DRBN_TRAINER_EXECUTABLE), args);
      p.waitForFinished(300000);
      return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAll()));
    };
    auto [status, text] = trainer({QStringLiteral("--pack"), pack, QStringLiteral("-o"), run, QStringLiteral("--bogus"), QStringLiteral("1")});
    QCOMPARE(status, 2);
    QVERIFY2(text.contains(QStringLiteral("unrecognized option '--bogus'")), qPrintable(text));
    // Long options abbreviate as in drbn and GNU tools: a unique prefix stands for the option.
    std::tie(status, text) = trainer({QStringLiteral("--pack"), pack, QStringLiteral("-o"), run, QStringLiteral("--re"), QStringLiteral("1")});
    QCOMPARE(status, 2);
    QVERIFY2(text.contains(QStringLiteral("option '--re' is ambiguous; possibilities: --resume --recipe --recompose")), qPrintable(text));
    std::tie(status, text) = trainer({QStringLiteral("--pack"), pack, QStringLiteral("-o"), run, QStringLiteral("--prec=fp16")});
    QCOMPARE(status, 2);
    QVERIFY2(text.contains(QStringLiteral("--precision expects auto, fp32 or bf16, not 'fp16'")), qPrintable(text));
    // --max-minutes 0.0001 (6 ms): the time is up after the first step, which is checkpointed.
    std::tie(status, text) = trainer({QStringLiteral("--pack"), pack, QStringLiteral("-o"), run, QStringLiteral("--steps"), QStringLiteral("1000"),
                                      QStringLiteral("--crop"), QStringLiteral("32"), QStringLiteral("--batch"), QStringLiteral("1"),
                                      QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--recipe"), QStringLiteral("authors"),
                                      QStringLiteral("--max-minutes"), QStringLiteral("0.0001")});
    QVERIFY2(status == 0 && text.contains(QStringLiteral("stopped at step 1;")), qPrintable(text));
    QVERIFY(QFile::exists(run + QStringLiteral("/checkpoint.safetensors")));

    // Moved, as a pack copied to another machine is: the run's recorded path no longer holds it.
    const QString moved = dir.filePath(QStringLiteral("moved"));
    QVERIFY(QDir().rename(pack, moved));
    r = drbnRun({QStringLiteral("train"), QStringLiteral("--resume"), run, QStringLiteral("--steps"), QStringLiteral("3")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(pack + QStringLiteral(": no such folder")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("train"), QStringLiteral("--resume"), run, QStringLiteral("--pack"), moved, QStringLiteral("--steps"), QStringLiteral("3")});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.err.contains(QStringLiteral("stage 1, authors recipe, step 1 of 3")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("trained 3 steps")), qPrintable(r.out));
    // And back: the trainer continues what drbn trained.
    std::tie(status, text) = trainer({QStringLiteral("--resume"), run, QStringLiteral("--steps"), QStringLiteral("4"), QStringLiteral("--threads"), QStringLiteral("0")});
    QVERIFY2(status == 0 && text.contains(QStringLiteral("4 steps done")), qPrintable(text));
    QFile log(run + QStringLiteral("/log.csv"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QCOMPARE(log.readAll().count('\n'), 5);  // header and steps 1-4
  }

  void killedTrainingLeavesAUsableCheckpoint() {
    QTemporaryDir dir;
    writePairs(dir, 2, 48, 48);
    const QString run = dir.filePath(QStringLiteral("run"));
    QProcess trainer;
    trainer.setProcessChannelMode(QProcess::MergedChannels);
    trainer.start(QStringLiteral(DRBN_EXECUTABLE),
                  {QStringLiteral("train"), dir.path(), QStringLiteral("-o"), run, QStringLiteral("--steps"), QStringLiteral("100000"),
                   QStringLiteral("--checkpoint-every"), QStringLiteral("1"), QStringLiteral("--crop"), QStringLiteral("32"),
                   QStringLiteral("--batch"), QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1")});
    QByteArray output;
    QTRY_VERIFY2_WITH_TIMEOUT((output += trainer.readAll()).contains("checkpoint at step 3"), output.constData(), 120000);
    trainer.kill();  // SIGKILL, somewhere inside a step or a checkpoint write
    QVERIFY(trainer.waitForFinished());
    const auto checkpoint = weights::readWeightFile((run + QStringLiteral("/checkpoint.safetensors")).toStdString());
    const int step = std::stoi(checkpoint.metadata.at("step"));
    QVERIFY(step >= 3);
    const auto r = drbnRun({QStringLiteral("train"), QStringLiteral("--resume"), run, QStringLiteral("--steps"), QString::number(step + 1)});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("trained %1 steps").arg(step + 1)), qPrintable(r.out));
  }

  // Two processes of batch 2 on the loopback address (Gloo) train what one process of batch 4
  // trains, step for step: the same logged losses, the same weights within float rounding (in
  // float32: bfloat16 rounds batches of 2 and 4 differently in the 4th digit).
  void dataParallelEqualsOneProcess() {
    QTemporaryDir dir;
    writePairs(dir, 3, 48, 40);
    const QStringList common{QStringLiteral("train"), dir.path(), QStringLiteral("--steps"), QStringLiteral("3"), QStringLiteral("--crop"),
                             QStringLiteral("32"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--validation-fraction"),
                             QStringLiteral("0"), QStringLiteral("--precision"), QStringLiteral("fp32")};
    const QString one = dir.filePath(QStringLiteral("one")), two = dir.filePath(QStringLiteral("two"));
    QCOMPARE(drbnRun(common + QStringList{QStringLiteral("-o"), one, QStringLiteral("--batch"), QStringLiteral("4")}).status, 0);
    const int port = freePort();
    QProcess ranks[2];
    for (int r = 0; r < 2; ++r) startRank(ranks[r], r, 2, port, common + QStringList{QStringLiteral("-o"), two, QStringLiteral("--batch"), QStringLiteral("2")});
    QString outputs[2];
    for (int r = 0; r < 2; ++r) {
      const bool finished = ranks[r].waitForFinished(300000);
      outputs[r] = QString::fromUtf8(ranks[r].readAll());
      QVERIFY2(finished && ranks[r].exitCode() == 0, qPrintable(outputs[r]));
    }
    const QString& rank1 = outputs[1];
    QVERIFY2(rank1.contains(QStringLiteral("rank 1: trained 3 steps (rank 0 writes the model)")), qPrintable(rank1));

    auto losses = [](const QString& run) {  // log.csv without the seconds column
      QFile f(run + QStringLiteral("/log.csv"));
      QStringList rows;
      if (f.open(QIODevice::ReadOnly))
        for (const auto& line : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
          auto fields = line.split(QLatin1Char(','));
          fields.removeAt(1);
          rows << fields.join(QLatin1Char(','));
        }
      return rows;
    };
    QCOMPARE(losses(two).size(), 4);
    QCOMPARE(losses(two), losses(one));
    const auto a = weights::readWeightFile((one + QStringLiteral("/bands.safetensors")).toStdString());
    const auto b = weights::readWeightFile((two + QStringLiteral("/bands.safetensors")).toStdString());
    double worst = 0;
    for (const auto& t : a.tensors) {
      const auto other = std::find_if(b.tensors.begin(), b.tensors.end(), [&](const auto& u) { return u.name == t.name; });
      QVERIFY(other != b.tensors.end());
      worst = std::max(worst, (weights::toTensor(t) - weights::toTensor(*other)).abs().max().item<double>());
    }
    QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
  }

  // A rank killed mid-run stops the other at once with a message saying what to do; the run then
  // resumes from its last checkpoint in one process, which says it changed the world size.
  void killedRankStopsTheOthers() {
    QTemporaryDir dir;
    writePairs(dir, 2, 48, 48);
    const QString run = dir.filePath(QStringLiteral("run"));
    const int port = freePort();
    QProcess ranks[2];
    for (int r = 0; r < 2; ++r)
      startRank(ranks[r], r, 2, port,
                {QStringLiteral("train"), dir.path(), QStringLiteral("-o"), run, QStringLiteral("--steps"), QStringLiteral("100000"),
                 QStringLiteral("--checkpoint-every"), QStringLiteral("1"), QStringLiteral("--crop"), QStringLiteral("32"),
                 QStringLiteral("--batch"), QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1"),
                 QStringLiteral("--validation-fraction"), QStringLiteral("0")});
    QByteArray output;
    QTRY_VERIFY2_WITH_TIMEOUT((output += ranks[0].readAll()).contains("checkpoint at step 3"), output.constData(), 120000);
    ranks[1].kill();
    QVERIFY(ranks[1].waitForFinished());
    QVERIFY(ranks[0].waitForFinished(30000));  // not the 60 s timeout: the peer's connection closes
    output += ranks[0].readAll();
    QCOMPARE(ranks[0].exitCode(), 1);
    QVERIFY2(output.contains("rank 0 of 2: lost the other ranks") && output.contains("--resume"), output.constData());
    const auto checkpoint = weights::readWeightFile((run + QStringLiteral("/checkpoint.safetensors")).toStdString());
    const int step = std::stoi(checkpoint.metadata.at("step"));
    QCOMPARE(checkpoint.metadata.at("world_size"), std::string("2"));
    const auto r = drbnRun({QStringLiteral("train"), QStringLiteral("--resume"), run, QStringLiteral("--steps"), QString::number(step + 1)});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.err.contains(QStringLiteral("one process, batch 1; the checkpoint was written by a run of 2 processes")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("trained %1 steps").arg(step + 1)), qPrintable(r.out));
  }

  // Measuring sharded: each shard into a file of its own (a torn last line from a kill is cut and
  // re-measured), merged into the catalog = measured unsharded, near-duplicate groups included.
  void curateShardsMergeIntoOneCatalog() {
    QTemporaryDir dir;
    for (int i = 0; i < 6; ++i) writeImage(dir.filePath(QStringLiteral("photos/%1.png").arg(i)), 64, 48);
    QVERIFY(QFile::copy(dir.filePath(QStringLiteral("photos/0.png")), dir.filePath(QStringLiteral("photos/0-copy.png"))));
    const QString one = dir.filePath(QStringLiteral("one.drbncat")), sharded = dir.filePath(QStringLiteral("sharded.drbncat"));
    for (const QString& catalog : {one, sharded})
      QCOMPARE(drbnRun({QStringLiteral("curate"), QStringLiteral("import"), catalog, dir.filePath(QStringLiteral("photos"))}).status, 0);
    auto r = drbnRun({QStringLiteral("curate"), QStringLiteral("measure"), one});
    QVERIFY2(r.status == 0 && r.out.contains(QStringLiteral("7 photos measured, 0 unreadable, 1 groups")), qPrintable(r.out));

    r = drbnRun({QStringLiteral("curate"), QStringLiteral("measure"), sharded, QStringLiteral("--shard"), QStringLiteral("1/3")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("a shard writes its measurements to a file of its own")), qPrintable(r.err));
    QStringList parts;
    int total = 0;
    for (int k = 1; k <= 3; ++k) {
      parts << dir.filePath(QStringLiteral("part%1.jsonl").arg(k));
      r = drbnRun({QStringLiteral("curate"), QStringLiteral("measure"), sharded, QStringLiteral("--shard"), QStringLiteral("%1/3").arg(k),
                   QStringLiteral("-o"), parts.last()});
      QCOMPARE(r.status, 0);
      total += QRegularExpression(QStringLiteral("^(\\d+) photos measured into")).match(r.out).captured(1).toInt();
    }
    QCOMPARE(total, 7);
    // A kill mid-line: the torn line is cut, and the re-run measures nothing that is already there.
    QFile torn(parts[0]);
    const qint64 whole = torn.size();
    QVERIFY(torn.open(QIODevice::Append));
    torn.write("{\"id\": 3, \"pa");
    torn.close();
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("measure"), sharded, QStringLiteral("--shard"), QStringLiteral("1/3"),
                 QStringLiteral("-o"), parts[0]});
    QVERIFY2(r.status == 0 && r.out.startsWith(QStringLiteral("0 photos measured into")), qPrintable(r.out));
    QCOMPARE(QFileInfo(parts[0]).size(), whole);
    // A file that is not one of measurements is refused by name and left as it was.
    const QString notes = dir.filePath(QStringLiteral("notes.txt"));
    QFile notesFile(notes);
    QVERIFY(notesFile.open(QIODevice::WriteOnly));
    notesFile.write("my notes\nsecond line\n");
    notesFile.close();
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("measure"), sharded, QStringLiteral("--shard"), QStringLiteral("1/3"),
                 QStringLiteral("-o"), notes});
    QVERIFY2(r.status != 0 && r.err.contains(notes + QStringLiteral(":1: not a measurement line")), qPrintable(r.err));
    QVERIFY(notesFile.open(QIODevice::ReadOnly));
    QCOMPARE(notesFile.readAll(), QByteArray("my notes\nsecond line\n"));

    // A mistyped shard name merges nothing (it is not an empty shard).
    r = drbnRun(QStringList{QStringLiteral("curate"), QStringLiteral("merge"), sharded} + parts + QStringList{parts[0] + QStringLiteral("x")});
    QVERIFY2(r.status == 1 && r.err.contains(parts[0] + QStringLiteral("x: no such measurements file")), qPrintable(r.err));
    r = drbnRun(QStringList{QStringLiteral("curate"), QStringLiteral("merge"), sharded} + parts);
    QVERIFY2(r.status == 0 && r.out.contains(QStringLiteral("7 measurements from 3 files merged, 1 group of near-duplicates")), qPrintable(r.out));
    const QStringList list{QStringLiteral("curate"), QStringLiteral("list")};
    const auto a = drbnRun(list + QStringList{one}), b = drbnRun(list + QStringList{sharded});
    QCOMPARE(b.out, a.out);
    QVERIFY(a.out.count(QLatin1Char('\n')) >= 7);
    // Measurements merge only into the catalog they came from.
    const QString other = dir.filePath(QStringLiteral("other.drbncat"));
    writeImage(dir.filePath(QStringLiteral("else/x.png")), 64, 48);
    QFile text(dir.filePath(QStringLiteral("else/notes.jpg")));  // named like a photo, no image: said at import
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("not a photo");
    text.close();
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("import"), other, dir.filePath(QStringLiteral("else"))});
    QVERIFY2(r.status == 0 && r.out.startsWith(QStringLiteral("2 added (1 of them no image), 0 already known")), qPrintable(r.out));
    r = drbnRun(QStringList{QStringLiteral("curate"), QStringLiteral("merge"), other} + parts);  // (one shard may hold none)
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("measurements merge into the catalog they came from")), qPrintable(r.err));
  }

  void curateImportMeasureRateExport() {
    QTemporaryDir dir;
    for (int id : {1001, 1002, 1003}) writeImage(dir.filePath(QStringLiteral("images/%1.jpg").arg(id)), 64, 48);
    QFile ava(dir.filePath(QStringLiteral("AVA.txt")));
    QVERIFY(ava.open(QIODevice::WriteOnly));
    ava.write("1 1001 0 0 0 0 0 0 0 0 4 4 1 0 9\n"
              "2 1002 0 0 2 2 0 0 0 0 0 0 1 0 9\n"
              "3 1003 0 0 0 0 0 0 0 0 0 0\n"
              "4 1004 0 0 0 0 0 0 0 0 3 3 1 0 9\n");
    ava.close();
    const QString catalog = dir.filePath(QStringLiteral("ava.drbncat"));
    auto r = drbnRun({QStringLiteral("curate"), QStringLiteral("import"), catalog, QStringLiteral("--ava"), ava.fileName(),
                      QStringLiteral("--images"), dir.filePath(QStringLiteral("images"))});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("3 added, 0 already known, 1 missing on disk, 1 malformed lines")), qPrintable(r.out));
    QVERIFY2(r.err.contains(QStringLiteral("AVA.txt:3: expected 15 fields, found 12")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("measure"), catalog, QStringLiteral("--filter"), QStringLiteral("present")});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(QStringLiteral("2 photos measured, 0 unreadable")), qPrintable(r.out));
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("list"), catalog, QStringLiteral("--filter"), QStringLiteral("mos >= 8 and measured"), QStringLiteral("--count")});
    QCOMPARE(r.out.trimmed(), QStringLiteral("1"));
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("rate"), catalog, QStringLiteral("--filter"), QStringLiteral("mos >= 8"), QStringLiteral("--stars"), QStringLiteral("5")});
    QCOMPARE(r.status, 0);
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("images/1001.jpg.xmp"))));
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("export"), catalog, QStringLiteral("-o"), dir.filePath(QStringLiteral("good")),
                 QStringLiteral("--filter"), QStringLiteral("rating >= 4 and present")});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("1 photos exported")), qPrintable(r.out));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("good/1001.jpg"))));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("good/manifest.json"))));
    // A malformed filter or sort field is a usage error, as any bad option value.
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("list"), catalog, QStringLiteral("--filter"), QStringLiteral("mos >")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("at column 6: expected a number after '>'")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("Try 'drbn curate list --help'")), qPrintable(r.err));
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("list"), catalog, QStringLiteral("--sort"), QStringLiteral("bogus")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QStringLiteral("cannot sort by unknown field 'bogus'")), qPrintable(r.err));
    // An empty selection exports nothing and says so; a mistyped catalog is not created empty.
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("export"), catalog, QStringLiteral("-o"), dir.filePath(QStringLiteral("none")),
                 QStringLiteral("--filter"), QStringLiteral("mos > 11")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no photo matches the selection; nothing exported")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("none/manifest.csv"))));
    const QString typo = dir.filePath(QStringLiteral("typo.drbncat"));
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("list"), typo});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(typo + QStringLiteral(": no such catalog")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(typo));
    // A photo given where a folder belongs: said before the catalog is made.
    const QString photo = dir.filePath(QStringLiteral("photo.png"));
    writeImage(photo, 8, 8);
    r = drbnRun({QStringLiteral("curate"), QStringLiteral("import"), typo, photo});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(photo + QStringLiteral(": not a folder")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(typo));
  }

  void killedCurationLosesNoCommittedDecision() {
    QTemporaryDir dir;
    for (int i = 0; i < 1500; ++i) writeImage(dir.filePath(QStringLiteral("photos/%1.png").arg(i)), 4, 4);
    const QString catalog = dir.filePath(QStringLiteral("photos.drbncat"));
    QCOMPARE(drbnRun({QStringLiteral("curate"), QStringLiteral("import"), catalog, dir.filePath(QStringLiteral("photos"))}).status, 0);
    QProcess rater;
    rater.start(QStringLiteral(DRBN_EXECUTABLE), {QStringLiteral("curate"), QStringLiteral("rate"), catalog,
                                                  QStringLiteral("--filter"), QStringLiteral("present"), QStringLiteral("--stars"), QStringLiteral("3")});
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += rater.readAllStandardOutput()).count('\n') >= 20, 60000);
    rater.kill();  // SIGKILL between or inside commits
    QVERIFY(rater.waitForFinished());
    QCOMPARE(rater.exitStatus(), QProcess::CrashExit);  // killed before it was through
    output += rater.readAllStandardOutput();
    QSet<long long> committed;
    for (const QByteArray& line : output.split('\n'))
      if (line.endsWith("\t3")) committed.insert(line.split('\t').first().toLongLong());
    QVERIFY(committed.size() >= 20);
    const auto r = drbnRun({QStringLiteral("curate"), QStringLiteral("list"), catalog, QStringLiteral("--filter"), QStringLiteral("rating = 3")});
    QCOMPARE(r.status, 0);
    QSet<long long> stored;
    for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) stored.insert(line.section(QLatin1Char('\t'), 0, 0).toLongLong());
    for (long long id : committed) QVERIFY2(stored.contains(id), qPrintable(QStringLiteral("decision for %1 lost").arg(id)));
  }

  void stage2OnRealPhotosMatchesTheAuthors() {
    DRBN_REQUIRE_SHARED(s2, "weights/authors/model_s2.pt");
    DRBN_REQUIRE_SHARED(r2, "weights/authors/model_R_s2.pt");
    DRBN_REQUIRE_SHARED(fixture, "fixtures/drbn/fixture_a.png");
    const QString goldPath = drbn::test::sharedFile(QStringLiteral("fixtures/drbn/fixture_a.safetensors"));
    QTemporaryDir dir;
    const auto r = drbnRun({QStringLiteral("enhance"), fixture, QStringLiteral("-o"), dir.path(), QStringLiteral("--stage"), QStringLiteral("2"),
                            QStringLiteral("--model"), s2, QStringLiteral("--recompose"), r2});
    QCOMPARE(r.status, 0);
    const cv::Mat ours = cv::imread(dir.filePath(QStringLiteral("fixture_a.png")).toStdString(), cv::IMREAD_UNCHANGED);
    torch::Tensor gold;
    for (const auto& t : weights::readWeightFile(goldPath.toStdString()).tensors)
      if (t.name == "result") gold = weights::toTensor(t);
    // The authors' result quantised to 8 bits, as an HWC BGR image like ours.
    const auto expected = (gold[0].clamp(0, 1) * 255).round().to(torch::kUInt8).permute({1, 2, 0}).flip({2}).contiguous();
    const cv::Mat theirs(ours.rows, ours.cols, CV_8UC3, expected.data_ptr<uint8_t>());
    QVERIFY2(cv::norm(ours, theirs, cv::NORM_INF) <= 1, "results differ from the authors' by more than rounding");
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
