// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/pack.h"

#include "core/io/atomicfile.h"
#include "core/io/numbers.h"
#include "core/io/sha256.h"
#include "core/train/trainer.h"
#include "core/weights/safetensors.h"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace drbn::train {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFormat = "drbn-training-pack/1";

std::string shardPath(const std::string& dir, int index) {
  char name[32];
  std::snprintf(name, sizeof name, "shard-%05d.safetensors", index);
  return (fs::path(dir) / name).string();
}

/// One image and the name it is stored under: "<role>.<index>[.low|.normal]".
struct Entry {
  std::string tensor;
  const ByteImage* image;
};

/// The set's images in packing order, a pair's two side by side (never split over shards).
std::vector<std::vector<Entry>> groupsOf(const TrainingSet& set) {
  std::vector<std::vector<Entry>> groups;
  auto index = [](size_t i) {
    char text[24];
    std::snprintf(text, sizeof text, "%06zu", i);
    return std::string(text);
  };
  for (const auto* role : {"paired", "validation"}) {
    const auto& pairs = std::string(role) == "paired" ? set.paired : set.validation;
    for (size_t i = 0; i < pairs.size(); ++i)
      groups.push_back({{std::string(role) + "." + index(i) + ".low", &pairs[i].low},
                        {std::string(role) + "." + index(i) + ".normal", &pairs[i].normal}});
  }
  for (const auto* role : {"unpaired", "quality"}) {
    const auto& images = std::string(role) == "unpaired" ? set.unpaired : set.quality;
    for (size_t i = 0; i < images.size(); ++i) groups.push_back({{std::string(role) + "." + index(i), &images[i]}});
  }
  return groups;
}

weights::RawTensor rawTensor(const Entry& e) {
  const auto& img = *e.image;
  weights::RawTensor t;
  t.name = e.tensor;
  t.dtype = weights::DType::U8;
  t.shape = {img.height, img.width, 3};
  t.stride = {int64_t(img.width) * 3, 3, 1};
  t.storage = std::make_shared<const weights::Bytes>(img.rgb.begin(), img.rgb.end());
  return t;
}

std::string meta(const weights::WeightFile& f, const std::string& key) {
  const auto it = f.metadata.find(key);
  return it == f.metadata.end() ? std::string() : it->second;
}

weights::WeightFile readShard(const std::string& path) {
  try {
    auto f = weights::readWeightFile(path);
    if (meta(f, "format") != kFormat) throw TrainingError(path + ": not a shard of a DRBN training pack");
    return f;
  } catch (const weights::WeightError& e) {
    throw TrainingError(e.what());
  } catch (const io::FileError& e) {
    throw TrainingError(e.what());
  }
}

/// The pack's first shard, which says what the pack is; names the folder when it holds none.
weights::WeightFile firstShard(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(shardPath(dir, 0), ec))
    throw TrainingError(dir + ": " + (fs::is_directory(dir, ec) ? "not a training pack (no shard-00000.safetensors)"
                                                               : io::folderProblem(dir)));
  return readShard(shardPath(dir, 0));
}

PackInfo infoOf(const weights::WeightFile& first) {
  PackInfo info;
  info.id = meta(first, "pack");
  if (!io::parseNumber(meta(first, "shards"), info.shards) || info.shards < 1 || info.shards > 1000000)
    throw TrainingError(first.path + ": the shard count is not a number");
  for (const auto& [k, v] : first.metadata)
    if (k.rfind("source.", 0) == 0) info.source[k.substr(7)] = v;
  return info;
}

}  // namespace

PackSummary writePack(const TrainingSet& set, const std::string& dir, const PackOptions& options) {
  std::error_code ec;
  if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)))
    throw TrainingError(dir + ": not an empty folder; a pack needs a new or empty one");
  fs::create_directories(dir, ec);
  if (ec) throw io::FileError(dir + ": " + ec.message());

  // Plan the shards first, so every shard can say how many there are.
  const auto groups = groupsOf(set);
  if (groups.empty()) throw TrainingError("nothing to pack: no images");
  std::vector<std::vector<const std::vector<Entry>*>> shards(1);
  size_t filled = 0, total = 0;
  std::string identity;  // names and sizes: which data this pack is
  for (const auto& g : groups) {
    size_t bytes = 0;
    for (const auto& e : g) {
      bytes += e.image->rgb.size();
      identity += e.tensor + "=" + e.image->name + ":" + std::to_string(e.image->width) + "x" +
                  std::to_string(e.image->height) + "\n";
    }
    if (filled > 0 && filled + bytes > options.shardBytes) {
      shards.emplace_back();
      filled = 0;
    }
    shards.back().push_back(&g);
    filled += bytes;
    total += bytes;
  }
  const std::string id = io::sha256Hex(identity.data(), identity.size()).substr(0, 16);

  for (size_t s = 0; s < shards.size(); ++s) {
    std::map<std::string, std::string> metadata;
    for (const auto& [k, v] : options.source) metadata["source." + k] = v;
    metadata["format"] = kFormat;
    metadata["pack"] = id;
    metadata["shard"] = std::to_string(s);
    metadata["shards"] = std::to_string(shards.size());
    std::vector<weights::RawTensor> tensors;
    for (const auto* g : shards[s])
      for (const auto& e : *g) {
        tensors.push_back(rawTensor(e));
        metadata["name." + e.tensor] = e.image->name;
      }
    weights::writeSafetensors(shardPath(dir, int(s)), tensors, metadata);
  }
  return {int(shards.size()), total};
}

namespace {

/// Every shard's images, `first` (shard 0, already read for `info`) not read again.
TrainingSet readShards(const std::string& dir, weights::WeightFile first, const PackInfo& info) {
  TrainingSet set;
  std::error_code ec;
  for (int s = 0; s < info.shards; ++s) {
    const auto path = shardPath(dir, s);
    if (s > 0 && !fs::is_regular_file(path, ec))
      throw TrainingError(path + ": missing; the pack has " + std::to_string(info.shards) +
                          " shards (copy all of them, or pack again)");
    const auto shard = s == 0 ? std::move(first) : readShard(path);
    if (meta(shard, "pack") != info.id || meta(shard, "shards") != std::to_string(info.shards))
      throw TrainingError(path + ": belongs to another pack than shard-00000.safetensors");
    if (meta(shard, "shard") != std::to_string(s)) throw TrainingError(path + ": says it is another shard");

    for (const auto& t : shard.tensors) {
      if (t.dtype != weights::DType::U8 || t.shape.size() != 3 || t.shape[2] != 3 || t.shape[0] < 1 || t.shape[1] < 1 ||
          t.stride != std::vector<int64_t>{t.shape[1] * 3, 3, 1})
        throw TrainingError(path + ": " + t.name + " is not an 8-bit RGB image");
      ByteImage img;
      img.name = meta(shard, "name." + t.name);
      if (img.name.empty()) img.name = t.name;
      img.height = int(t.shape[0]);
      img.width = int(t.shape[1]);
      const auto* bytes = reinterpret_cast<const uint8_t*>(t.storage->data() + t.storageByteOffset) + t.offset;
      img.rgb.assign(bytes, bytes + t.numel());

      // "<role>.<index>[.low|.normal]", in order: packs are written that way.
      const auto dot = t.name.find('.');
      const auto role = t.name.substr(0, dot);
      const bool low = t.name.size() > 4 && t.name.compare(t.name.size() - 4, 4, ".low") == 0;
      const bool normal = t.name.size() > 7 && t.name.compare(t.name.size() - 7, 7, ".normal") == 0;
      if ((role == "paired" || role == "validation") && (low || normal)) {
        auto& pairs = role == "paired" ? set.paired : set.validation;
        if (low) pairs.emplace_back().low = std::move(img);
        else if (!pairs.empty() && pairs.back().normal.rgb.empty()) pairs.back().normal = std::move(img);
        else throw TrainingError(path + ": " + t.name + " has no low-light partner");
      } else if (role == "unpaired") {
        set.unpaired.push_back(std::move(img));
      } else if (role == "quality") {
        set.quality.push_back(std::move(img));
      } else {
        throw TrainingError(path + ": unknown image '" + t.name + "'");
      }
    }
  }
  for (const auto* pairs : {&set.paired, &set.validation})
    for (const auto& p : *pairs)
      if (p.normal.rgb.empty()) throw TrainingError(dir + ": " + p.low.name + " has no normal-light partner");
  return set;
}

}  // namespace

TrainingSet readPack(const std::string& dir) {
  auto first = firstShard(dir);
  const auto info = infoOf(first);
  return readShards(dir, std::move(first), info);
}

PackInfo packInfo(const std::string& dir) { return infoOf(firstShard(dir)); }

TrainingSet loadRunPack(std::map<std::string, std::string>& data, const std::string& dir) {
  const std::string path = dir.empty() ? data["pack"] : dir;
  if (path.empty()) throw TrainingError("no training pack given");
  auto first = firstShard(path);  // read once: it says which pack this is, and holds images
  const auto info = infoOf(first);
  const auto recorded = data.find("pack_id");
  if (recorded != data.end() && !recorded->second.empty() && recorded->second != info.id)
    throw TrainingError(path + ": another pack (" + info.id + ") than the run trained on (" + recorded->second +
                        "); a run continues on its own data");
  auto set = readShards(path, std::move(first), info);
  std::error_code ec;
  const auto absolute = fs::absolute(path, ec);
  data["pack"] = ec ? path : absolute.lexically_normal().string();
  data["pack_id"] = info.id;
  return set;
}

bool isPack(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(shardPath(dir, 0), ec);
}

}  // namespace drbn::train
