// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A training set packed into safetensors shards: what a machine without OpenCV (a GPU machine with
// LibTorch alone) trains from. Each shard is a plain safetensors file of 8-bit HWC images, so any
// safetensors reader can open it; a pair's two images always share a shard. Torch-free.

#include "core/train/trainingset.h"

#include <cstddef>
#include <map>
#include <string>

namespace drbn::train {

struct PackOptions {
  size_t shardBytes = size_t(256) << 20;  // a shard closes before it would grow past this
  std::map<std::string, std::string> source;  // where the data came from, kept in every shard
};

struct PackSummary {
  int shards = 0;
  size_t bytes = 0;  // pixel bytes
};

/// Writes `set` into `dir` (created; must be new or empty) as shard-00000.safetensors, ...; each
/// shard atomically, so an interrupted pack leaves whole shards and no shard count that lies.
/// Throws io::FileError or TrainingError.
PackSummary writePack(const TrainingSet& set, const std::string& dir, const PackOptions& options = {});

/// Reads every shard of the pack in `dir`, in the order they were packed. Throws TrainingError
/// naming the shard when one is missing, from another pack, or not a pack shard.
TrainingSet readPack(const std::string& dir);

struct PackInfo {
  std::string id;  // from the packed images' names and sizes: the same data, the same id
  int shards = 0;
  std::map<std::string, std::string> source;  // PackOptions::source
};
/// What the first shard of the pack in `dir` says about the pack.
PackInfo packInfo(const std::string& dir);

/// The pack a run trains from: `dir`, or else where the run recorded it (`data["pack"]`), checked
/// to be the pack the run started with (`data["pack_id"]`, when recorded). Records both in `data`.
TrainingSet loadRunPack(std::map<std::string, std::string>& data, const std::string& dir = {});

/// Whether `dir` holds a pack (at least its first shard).
bool isPack(const std::string& dir);

}  // namespace drbn::train
