// SPDX-License-Identifier: GPL-3.0-or-later
// Every weight format the project reads, and the exact errors for broken or hostile files.
#include "core/nn/networks.h"
#include "core/weights/safetensors.h"
#include "core/weights/tensorio.h"
#include "testutils.h"

#include <QFile>
#include <QTemporaryDir>

#include <torch/torch.h>

using namespace drbn;

namespace {

QString writeBytes(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
  const QString path = dir.filePath(name);
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write(bytes);
  return path;
}

/// The bytes of a string literal, embedded NULs included (a length given by hand read past the end).
template <size_t N>
QByteArray raw(const char (&text)[N]) {
  return QByteArray(text, qsizetype(N - 1));
}

/// The pickles a legacy torch.save file starts with (magic number, protocol 1001, system info {}),
/// then the protocol opcode of its state_dict pickle.
QByteArray legacyHeader() {
  return raw("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.\x80\x02M\xe9\x03.\x80\x02}.\x80\x02");
}

QByteArray readBytes(const QString& path) {
  QFile f(path);
  f.open(QIODevice::ReadOnly);
  return f.readAll();
}

/// The message of the WeightError that reading `path` throws, or "" when it reads fine; `kind`
/// receives its kind.
QString readError(const QString& path, weights::WeightError::Kind* kind = nullptr) {
  try {
    weights::readWeightFile(path.toStdString());
  } catch (const weights::WeightError& e) {
    if (kind) *kind = e.kind();
    return QString::fromStdString(e.what());
  }
  return {};
}

using Kind = weights::WeightError::Kind;

QByteArray safetensorsWith(const QByteArray& header, const QByteArray& data) {
  QByteArray out(8, 0);
  for (int i = 0; i < 8; ++i) out[i] = char((quint64(header.size()) >> (8 * i)) & 0xff);
  return out + header + data;
}

}  // namespace

Q_DECLARE_METATYPE(drbn::weights::WeightError::Kind)

class TestWeightFormats : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsTorchZipStateDict() {
    const QString path = QStringLiteral(DRBN_SOURCE_DIR "/tests/data/torch_zip_state_dict.pt");
    const auto file = weights::readWeightFile(path.toStdString());
    QCOMPARE(file.format, weights::WeightFormat::TorchZip);
    QCOMPARE(int(file.tensors.size()), 4);
    std::map<std::string, torch::Tensor> t;
    for (const auto& raw : file.tensors) t[raw.name] = weights::toTensor(raw);
    QVERIFY(torch::equal(t["conv.weight"], torch::arange(6, torch::kFloat32).reshape({2, 3})));
    QVERIFY(torch::equal(t["conv.bias"], torch::tensor({11.0f, 13.0f, 15.0f})));  // strided view, offset 1
    QCOMPARE(t["steps"].scalar_type(), torch::kInt64);
    QCOMPARE(t["steps"].item<int64_t>(), int64_t(42));
    QVERIFY(torch::equal(t["half"].to(torch::kFloat32), torch::tensor({1.5f, -2.0f})));
  }

  void readsAuthorsLegacyCheckpoints() {
    DRBN_REQUIRE_SHARED(s1, "weights/authors/model_s1.pt");
    DRBN_REQUIRE_SHARED(r2, "weights/authors/model_R_s2.pt");
    const auto band = weights::readWeightFile(s1.toStdString());
    QCOMPARE(band.format, weights::WeightFormat::TorchLegacy);
    QCOMPARE(int(band.tensors.size()), 336);
    QCOMPARE(band.parameterCount(), int64_t(557668));
    QCOMPARE(weights::guessModelKind(band), weights::ModelKind::BandNetwork);
    nn::BandNetwork net;
    weights::loadInto(*net, band);
    const auto rec = weights::readWeightFile(r2.toStdString());
    QCOMPARE(rec.parameterCount(), int64_t(19161));
    nn::Recomposer recomposer;
    weights::loadInto(*recomposer, rec);
  }

  void convertsLegacyToSafetensorsExactly() {
    DRBN_REQUIRE_SHARED(r2, "weights/authors/model_R_s2.pt");
    QTemporaryDir dir;
    const auto legacy = weights::readWeightFile(r2.toStdString());
    const std::string out = dir.filePath(QStringLiteral("r.safetensors")).toStdString();
    weights::writeSafetensors(out, legacy.tensors, {{"stage", "2"}});
    const auto back = weights::readWeightFile(out);
    QCOMPARE(back.metadata.at("stage"), std::string("2"));
    QCOMPARE(back.tensors.size(), legacy.tensors.size());
    for (size_t i = 0; i < back.tensors.size(); ++i) {
      QCOMPARE(back.tensors[i].name, legacy.tensors[i].name);
      QVERIFY(torch::equal(weights::toTensor(back.tensors[i]), weights::toTensor(legacy.tensors[i])));
    }
  }

  void truncatedLegacyFileNamesTheProblem_data() {
    QTest::addColumn<int>("keep");
    QTest::addColumn<QString>("expected");
    QTest::newRow("inside the state_dict pickle") << 1000 << QStringLiteral("truncated pickle");
    QTest::newRow("inside the storage data") << 2000000 << QStringLiteral("truncated file (storage");
    QTest::newRow("one byte short") << -1 << QStringLiteral("truncated file (storage");
  }
  void truncatedLegacyFileNamesTheProblem() {
    QFETCH(int, keep);
    QFETCH(QString, expected);
    DRBN_REQUIRE_SHARED(s1, "weights/authors/model_s1.pt");
    QTemporaryDir dir;
    QByteArray bytes = readBytes(s1);
    bytes.truncate(keep > 0 ? keep : bytes.size() + keep);
    const QString path = writeBytes(dir, QStringLiteral("cut.pt"), bytes);
    const QString error = readError(path);
    QVERIFY2(error.startsWith(path + QLatin1Char(':')), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
  }

  void brokenFilesGiveClearErrors_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<Kind>("kind");  // what the studio words in its language
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty file") << Kind::NotWeights;
    QTest::newRow("text") << QByteArray("hello, not weights") << QStringLiteral("neither safetensors nor a PyTorch") << Kind::NotWeights;
    QTest::newRow("zip without central directory") << QByteArray("PK\x03\x04garbage", 11) << QStringLiteral("truncated zip archive") << Kind::Damaged;
    QTest::newRow("safetensors header longer than the file")
        << QByteArray("\xff\xff\xff\xff\xff\x00\x00\x00{", 9) << QStringLiteral("does not fit") << Kind::Damaged;
    QTest::newRow("safetensors bad json") << safetensorsWith("{\"a\":", {}) << QStringLiteral("malformed safetensors header") << Kind::Damaged;
    QTest::newRow("safetensors data outside the file")
        << safetensorsWith(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", QByteArray(4, 0))
        << QStringLiteral("tensor 'w' lies outside") << Kind::Damaged;
    QTest::newRow("safetensors size disagrees with shape")
        << safetensorsWith(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", QByteArray(8, 0))
        << QStringLiteral("shape needs 12") << Kind::Damaged;
    QTest::newRow("safetensors huge shape")
        << safetensorsWith(R"({"w":{"dtype":"F32","shape":[100000000000,100000000000],"data_offsets":[0,8]}})", QByteArray(8, 0))
        << QStringLiteral("larger than the file") << Kind::Damaged;
    // 2^61 x 8 bytes wraps to 0 in 64 bits: it must not pass for a 0-byte tensor.
    QTest::newRow("safetensors size that wraps")
        << safetensorsWith(R"({"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,0]}})", {})
        << QStringLiteral("larger than the file") << Kind::Damaged;
    QTest::newRow("safetensors nested too deeply")
        << safetensorsWith("{\"a\":" + QByteArray(200, '[') + QByteArray(200, ']') + "}", {})
        << QStringLiteral("nested too deeply") << Kind::Damaged;
    // Legacy header, then a pickle that asks for a memo slot far beyond any real file.
    QTest::newRow("hostile memo index")
        << legacyHeader() + raw("Nr\xff\xff\xff\x7f.")
        << QStringLiteral("memo index out of range") << Kind::Damaged;
    // Legacy header, then a pickle of a million nested 1-tuples (freeing it used to overflow the
    // stack; now it is refused for the memory it would take before it is a million deep).
    QTest::newRow("pickle nested a million deep")
        << legacyHeader() + "N" + QByteArray(1000000, '\x85') + "." << QStringLiteral("MiB to read, more than any real file") << Kind::Damaged;
    // 300,000 lists, each appended to the one before it after that one was already nested (fetched
    // back from the memo): a depth count taken when values are nested missed it, and freeing it
    // overflowed the stack.
    QTest::newRow("pickle nested deep through the memo")
        << legacyHeader() + raw("]q\x00") + raw("h\x00]q\x00" "a0").repeated(300000) + "." << QStringLiteral("holds no state_dict") << Kind::NotWeights;
    // A list appended to itself (it leaked: a value that owned itself was never freed).
    QTest::newRow("pickle list inside itself") << legacyHeader() + raw("]q\x00h\x00" "a.") << QStringLiteral("holds no state_dict") << Kind::NotWeights;
    // Legacy header, then two million EMPTY_LISTs: 2 MB that took ~600 MB to hold.
    QTest::newRow("pickle that amplifies memory")
        << legacyHeader() +
               QByteArray(2000000, ']') + "."
        << QStringLiteral("MiB to read, more than any real file of its size") << Kind::Damaged;
    QTest::newRow("safetensors header that amplifies memory")
        << safetensorsWith("{\"a\":[0" + QByteArray(2000000, ',').replace(",", ",0") + "]}", {})
        << QStringLiteral("MiB to read, more than any real header of its size") << Kind::Damaged;
    // torch.save (legacy) of {a: 64 x uint8, b: 1 x float64} with b's storage key set to a's: one
    // storage read as two types (its bounds were checked for one, its bytes read as the other).
    QTest::newRow("one storage read as two types")
        << QByteArray::fromHex(
            "80028a0a6cfc9c46f9206aa850192e80024de9032e80027d710028581000000070726f746f636f6c5f76657273696f6e7101"
            "4de903580d0000006c6974746c655f656e6469616e710288580a000000747970655f73697a657371037d7104285805000000"
            "73686f727471054b025803000000696e7471064b0458040000006c6f6e6771074b0475752e80027d71002858010000006171"
            "0163746f7263682e5f7574696c730a5f72656275696c645f74656e736f725f76320a71022828580700000073746f72616765"
            "710363746f7263680a4279746553746f726167650a710458090000003930303137333736307105580300000063707571064b"
            "404e747107514b004b408571084b018571098963636f6c6c656374696f6e730a4f726465726564446963740a710a2952710b"
            "74710c52710d580100000062710e68022828680363746f7263680a446f75626c6553746f726167650a710f58090000003930"
            "30313733373630711068064b014e747111514b004b018571124b0185711389680a29527114747115527116752e80025d7100"
            "285809000000393030313733373630710158090000003930303137333736307102652e400000000000000000000000000000"
            "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
            "0000000000000001000000000000000000000000000000")
        << QStringLiteral("storage 900173760 is read as both U8 and F64 (tensor 'b')") << Kind::Damaged;
    QTest::newRow("code-running pickle opcode")
        << legacyHeader() + raw("cos\nsystem\nX\x02\x00\x00\x00lsi.")
        << QStringLiteral("unsupported pickle opcode 0x69") << Kind::Unsupported;
  }
  void brokenFilesGiveClearErrors() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QFETCH(Kind, kind);
    QTemporaryDir dir;
    const QString path = writeBytes(dir, QStringLiteral("weights.bin"), bytes);
    Kind seen = Kind::BadValues;
    const QString error = readError(path, &seen);
    QVERIFY2(error.startsWith(path + QLatin1Char(':')), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(seen == kind);
  }

  void missingFileNamesIt() {
    Kind kind = Kind::Damaged;
    const QString error = readError(QStringLiteral("/nonexistent/model.pt"), &kind);
    QCOMPARE(error, QStringLiteral("/nonexistent/model.pt: cannot open: No such file or directory"));
    QVERIFY(kind == Kind::CannotRead);
  }

  void mismatchedCheckpointsNameTheTensor() {
    QTemporaryDir dir;
    const std::string recomposerPath = dir.filePath(QStringLiteral("r.safetensors")).toStdString();
    nn::Recomposer recomposer;
    weights::saveModule(*recomposer, recomposerPath, {});
    nn::BandNetwork band;
    try {
      weights::loadInto(*band, weights::readWeightFile(recomposerPath));
      QFAIL("a recomposer loaded into the band network");
    } catch (const weights::WeightError& e) {
      QVERIFY(e.kind() == Kind::WrongNetwork);
      QCOMPARE(QString::fromStdString(e.what()),
               QString::fromStdString(recomposerPath + ": missing tensor 'recur1.SFENet1.weight' (the file holds 22 "
                                                       "tensors of a band recomposition (DRBN stage 2))"));
    }

    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : recomposer->named_parameters())
      tensors.emplace_back(p.key(), p.key() == "UPNet2.weight" ? torch::zeros({8, 16, 3, 3}) : p.value());
    const std::string wrongPath = dir.filePath(QStringLiteral("wrong.safetensors")).toStdString();
    weights::saveTensors(tensors, wrongPath, {});
    nn::Recomposer other;
    const auto before = other->named_parameters()["SFENet1.weight"].clone();
    try {
      weights::loadInto(*other, weights::readWeightFile(wrongPath));
      QFAIL("a mis-shaped tensor loaded");
    } catch (const weights::WeightError& e) {
      QVERIFY(e.kind() == Kind::WrongNetwork);
      QCOMPARE(QString::fromStdString(e.what()),
               QString::fromStdString(wrongPath + ": tensor 'UPNet2.weight' has shape [8, 16, 3, 3] but the model expects [9, 16, 3, 3]"));
    }
    QVERIFY2(torch::equal(before, other->named_parameters()["SFENet1.weight"]), "a failed load changed the model");

    tensors.emplace_back("extra.weight", torch::zeros({1}));
    tensors.erase(std::remove_if(tensors.begin(), tensors.end(), [](auto& t) { return t.first == "UPNet2.weight"; }), tensors.end());
    for (const auto& p : recomposer->named_parameters())
      if (p.key() == "UPNet2.weight") tensors.emplace_back(p.key(), p.value());
    const std::string extraPath = dir.filePath(QStringLiteral("extra.safetensors")).toStdString();
    weights::saveTensors(tensors, extraPath, {});
    try {
      weights::loadInto(*other, weights::readWeightFile(extraPath));
      QFAIL("an unexpected tensor was accepted");
    } catch (const weights::WeightError& e) {
      QVERIFY(e.kind() == Kind::WrongNetwork);
      QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("unexpected tensor 'extra.weight'")), e.what());
    }
  }

  // Weights that would turn every photo black or into noise are refused at load, naming the tensor.
  void nonFiniteOrIntegerWeightsAreRefused_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<Kind>("kind");
    QTest::newRow("NaN") << QStringLiteral("nan") << QStringLiteral("tensor 'GFF.0.weight' holds NaN or infinite values") << Kind::BadValues;
    QTest::newRow("infinity") << QStringLiteral("inf") << QStringLiteral("tensor 'GFF.0.weight' holds NaN or infinite values")
                              << Kind::BadValues;
    QTest::newRow("I32") << QStringLiteral("int")
                         << QStringLiteral("tensor 'GFF.0.weight' holds I32 numbers where the model's weights are floating point")
                         << Kind::WrongNetwork;
  }
  void nonFiniteOrIntegerWeightsAreRefused() {
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    QFETCH(Kind, kind);
    QTemporaryDir dir;
    nn::Recomposer recomposer;
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : recomposer->named_parameters()) {
      torch::Tensor t = p.value().detach().clone();
      if (p.key() == "GFF.0.weight") {
        if (damage == QStringLiteral("nan")) t[0][0][0][0] = NAN;
        else if (damage == QStringLiteral("inf")) t[1][0][0][0] = -INFINITY;
        else t = t.to(torch::kInt32);
      }
      tensors.emplace_back(p.key(), t);
    }
    const std::string path = dir.filePath(QStringLiteral("damaged.safetensors")).toStdString();
    weights::saveTensors(tensors, path, {});
    nn::Recomposer other;
    try {
      weights::loadInto(*other, weights::readWeightFile(path));
      QFAIL("damaged weights loaded");
    } catch (const weights::WeightError& e) {
      QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(path) + QStringLiteral(": ") + expected);
      QVERIFY(e.kind() == kind);
    }
  }
};

QTEST_APPLESS_MAIN(TestWeightFormats)
#include "test_weightformats.moc"
