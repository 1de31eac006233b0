// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Data-parallel training over several processes, on PyTorch's own distributed runtime (c10d):
// the processes find each other through a TCPStore that rank 0 serves, and average gradients
// with Gloo. Started by torchrun or Slurm, whose environment says who is who. Torch-free API.

#include <functional>
#include <string>

namespace drbn::train {

struct World {
  int rank = 0, size = 1, localRank = 0;
  std::string masterAddr;  // rank 0's address, where the TCPStore listens
  int masterPort = 29500;
  std::string launcher;    // "torchrun", "Slurm", for messages; empty for a single process
  bool distributed() const { return size > 1; }
};

/// The world this process belongs to: torchrun's RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,
/// MASTER_PORT; else Slurm's SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID (with MASTER_ADDR and
/// MASTER_PORT exported by the batch script); else a single process. Throws TrainingError when the
/// variables are set but unusable. `getenv` is injectable for tests.
World worldFromEnvironment(const std::function<const char*(const char*)>& getenv = nullptr);

/// Whether this build can train over several processes (c10d with Gloo).
bool distributedTrainingAvailable();

}  // namespace drbn::train
