// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/common.h"

#include "core/weights/safetensors.h"
#include "core/weights/weightfile.h"

#include <QDateTime>

#include <filesystem>

namespace drbn::cli {

int infoCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("info"), QStringLiteral("Describe a weight file: format, network, parameters, metadata."));
  parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("safetensors, PyTorch .pt/.pth (zip or legacy)."));
  parser.addOption({QStringLiteral("tensors"), QStringLiteral("List every tensor with its dtype and shape.")});
  if (!parse(parser, QStringLiteral("info"), arguments)) return kOk;
  const QStringList files = parser.positionalArguments().mid(1);
  if (files.size() != 1) throw UsageError{QStringLiteral("expected one FILE")};
  const auto file = weights::readWeightFile(toStd(files[0]));
  printOut(QStringLiteral("file:       %1").arg(files[0]));
  printOut(QStringLiteral("format:     %1").arg(QString::fromLatin1(weights::formatName(file.format))));
  printOut(QStringLiteral("network:    %1").arg(QString::fromLatin1(weights::modelKindName(weights::guessModelKind(file)))));
  printOut(QStringLiteral("tensors:    %1").arg(file.tensors.size()));
  printOut(QStringLiteral("parameters: %1").arg(QLocale(QLocale::English).toString(qlonglong(file.parameterCount()))));
  printOut(QStringLiteral("sha256:     %1").arg(fromStd(weights::fileSha256(file.path))));
  for (const auto& [key, value] : file.metadata) printOut(QStringLiteral("meta %1: %2").arg(fromStd(key), fromStd(value)));
  if (parser.isSet(QStringLiteral("tensors")))
    for (const auto& t : file.tensors) {
      QStringList dims;
      for (auto d : t.shape) dims << QString::number(d);
      printOut(QStringLiteral("  %1 %2 [%3]").arg(fromStd(t.name)).arg(QString::fromLatin1(weights::dtypeName(t.dtype))).arg(dims.join(QStringLiteral(", "))));
    }
  return kOk;
}

int convertCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("convert"),
              QStringLiteral("Convert weights (PyTorch .pt/.pth, zip or legacy, or safetensors) to safetensors, recording\n"
                             "the network, the source file and its SHA-256 in the metadata."));
  parser.addPositionalArgument(QStringLiteral("IN"), QStringLiteral("Weights to read."));
  parser.addPositionalArgument(QStringLiteral("OUT"), QStringLiteral("safetensors file to write."), QStringLiteral("OUT.safetensors"));
  parser.addOptions({
      {QStringLiteral("name"), QStringLiteral("Model name to record (default: IN's file name)."), QStringLiteral("NAME")},
      {QStringLiteral("overwrite"), QStringLiteral("Replace OUT if it exists.")},
  });
  if (!parse(parser, QStringLiteral("convert"), arguments)) return kOk;
  const QStringList files = parser.positionalArguments().mid(1);
  if (files.size() != 2) throw UsageError{QStringLiteral("expected IN and OUT.safetensors")};
  const std::string in = toStd(files[0]), out = toStd(files[1]);
  // The format goes by content, but a .pt name would tell people and programs it is a pickle.
  if (!files[1].endsWith(QStringLiteral(".safetensors"), Qt::CaseInsensitive))
    throw UsageError{QStringLiteral("%1: OUT must be named *.safetensors (the format it is written in)").arg(files[1])};
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) {
    if (std::filesystem::equivalent(in, out, ec)) throw UsageError{QStringLiteral("%1: OUT is the same file as IN").arg(files[1])};
    if (!parser.isSet(QStringLiteral("overwrite"))) throw UsageError{QStringLiteral("%1 already exists (--overwrite replaces it)").arg(files[1])};
  }
  if (parser.isSet(QStringLiteral("name")) && parser.value(QStringLiteral("name")).trimmed().isEmpty())
    throw UsageError{QStringLiteral("--name must not be empty")};
  const auto file = weights::readWeightFile(in);
  const auto kind = weights::guessModelKind(file);
  auto metadata = file.metadata;
  metadata["format"] = "pt";  // the safetensors convention for PyTorch tensors
  metadata["name"] = parser.isSet(QStringLiteral("name")) ? toStd(parser.value(QStringLiteral("name")))
                                                           : std::filesystem::path(in).stem().string();
  metadata["network"] = weights::modelKindName(kind);
  if (kind == weights::ModelKind::BandNetwork) metadata["stage"] = "1";
  if (kind == weights::ModelKind::Recomposer) metadata["stage"] = "2";
  metadata["converted_from"] = std::filesystem::path(in).filename().string() + " (" + weights::formatName(file.format) + ")";
  metadata["source_sha256"] = weights::fileSha256(in);
  metadata["date"] = toStd(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
  weights::writeSafetensors(out, file.tensors, metadata);
  printErr(QStringLiteral("drbn: wrote %1 (%2 tensors, %3 parameters)").arg(files[1]).arg(file.tensors.size()).arg(file.parameterCount()));
  return kOk;
}

}  // namespace drbn::cli
