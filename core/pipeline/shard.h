// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Splitting batch work over independent processes (a Slurm job array, a Kubernetes Indexed Job,
// GNU parallel): every process lists the same inputs and keeps those whose path hashes to its
// shard, so N shards together do each input exactly once, with no coordinator. Plain C++.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drbn::pipeline {

struct Shard {
  int index = 0;  // 0-based
  int count = 1;
  std::string source;  // where it came from, for reports: "--shard", "SLURM_ARRAY_TASK_ID", ...
};

/// "K/N" (1 <= K <= N): shard K of N. Throws std::invalid_argument with the reason.
Shard parseShard(std::string_view text);

/// The shard a scheduler gave this process, or none: SLURM_ARRAY_TASK_ID (less
/// SLURM_ARRAY_TASK_MIN) of SLURM_ARRAY_TASK_COUNT, or a Kubernetes Indexed Job's
/// JOB_COMPLETION_INDEX of `jobCount` (0: not a Kubernetes job). `getenv` is injectable for tests.
/// Throws std::invalid_argument when the variables are set but unusable.
std::optional<Shard> shardFromEnvironment(int jobCount = 0,
                                          const std::function<const char*(const char*)>& getenv = nullptr);

/// Whether `path` (as listed, the same in every shard) belongs to `shard`: FNV-1a of the path,
/// modulo the count. Stable: adding files never moves the others between shards.
bool inShard(const Shard& shard, std::string_view path);

/// The paths of `paths` that belong to `shard`, in their order.
std::vector<std::string> selectShard(const std::vector<std::string>& paths, const Shard& shard);

}  // namespace drbn::pipeline
