// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/shard.h"

#include "core/io/numbers.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace drbn::pipeline {

Shard parseShard(std::string_view text) {
  const auto slash = text.find('/');
  Shard s;
  int k = 0;
  if (slash == std::string_view::npos || !io::parseNumber(text.substr(0, slash), k) ||
      !io::parseNumber(text.substr(slash + 1), s.count) || s.count < 1 || k < 1 || k > s.count)
    throw std::invalid_argument("--shard must be K/N with 1 <= K <= N, not '" + std::string(text) + "'");
  s.index = k - 1;
  s.source = "--shard";
  return s;
}

std::optional<Shard> shardFromEnvironment(int jobCount, const std::function<const char*(const char*)>& getenv) {
  const auto get = [&](const char* name) -> std::string {
    const char* v = getenv ? getenv(name) : std::getenv(name);
    return v ? v : "";
  };
  auto number = [&](const char* name) {
    int v = 0;
    if (!io::parseNumber(get(name), v) || v < 0) throw std::invalid_argument(std::string(name) + " is not a number: '" + get(name) + "'");
    return v;
  };
  Shard s;
  if (!get("SLURM_ARRAY_TASK_ID").empty() && !get("SLURM_ARRAY_TASK_COUNT").empty()) {
    // Array indices need not start at 0 (--array=1-8); a stepped array (--array=0-15:4) has gaps
    // that a task count cannot describe.
    const int min = get("SLURM_ARRAY_TASK_MIN").empty() ? 0 : number("SLURM_ARRAY_TASK_MIN");
    const int step = get("SLURM_ARRAY_TASK_STEP").empty() ? 1 : number("SLURM_ARRAY_TASK_STEP");
    if (step != 1) throw std::invalid_argument("SLURM_ARRAY_TASK_STEP is " + get("SLURM_ARRAY_TASK_STEP") + ": shards need a contiguous array (--array=1-N)");
    s.index = number("SLURM_ARRAY_TASK_ID") - min;
    s.count = number("SLURM_ARRAY_TASK_COUNT");
    s.source = "SLURM_ARRAY_TASK_ID " + get("SLURM_ARRAY_TASK_ID") + " of " + get("SLURM_ARRAY_TASK_COUNT");
  } else if (jobCount > 0 && !get("JOB_COMPLETION_INDEX").empty()) {
    s.index = number("JOB_COMPLETION_INDEX");
    s.count = jobCount;
    s.source = "JOB_COMPLETION_INDEX " + get("JOB_COMPLETION_INDEX");
  } else if (jobCount > 0) {
    throw std::invalid_argument("--shard-count is for Kubernetes Indexed Jobs, but JOB_COMPLETION_INDEX is not set");
  } else {
    return std::nullopt;
  }
  if (s.count < 1 || s.index < 0 || s.index >= s.count)
    throw std::invalid_argument(s.source + ": not a shard of " + std::to_string(s.count));
  return s;
}

bool inShard(const Shard& shard, std::string_view path) {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (const char c : path) {
    hash ^= uint8_t(c);
    hash *= 1099511628211ull;
  }
  return int(hash % uint64_t(shard.count)) == shard.index;
}

std::vector<std::string> selectShard(const std::vector<std::string>& paths, const Shard& shard) {
  std::vector<std::string> kept;
  for (const auto& p : paths)
    if (inShard(shard, p)) kept.push_back(p);
  return kept;
}

}  // namespace drbn::pipeline
