// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/collective.h"

#include "core/io/numbers.h"
#include "core/train/trainer.h"

#include <cstdlib>
#include <functional>

#ifdef DRBN_HAVE_C10D
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace drbn::train {

World worldFromEnvironment(const std::function<const char*(const char*)>& getenv) {
  const auto get = [&](const char* name) -> std::string {
    const char* v = getenv ? getenv(name) : std::getenv(name);
    return v ? v : "";
  };
  auto number = [&](const char* name, int fallback) {
    if (get(name).empty()) return fallback;
    int v = 0;
    if (!io::parseNumber(get(name), v) || v < 0) throw TrainingError(std::string(name) + " is not a number: '" + get(name) + "'");
    return v;
  };
  World w;
  if (!get("WORLD_SIZE").empty()) {
    w.launcher = "torchrun";
    w.size = number("WORLD_SIZE", 1);
    w.rank = number("RANK", 0);
    w.localRank = number("LOCAL_RANK", 0);
  } else if (number("SLURM_NTASKS", 1) > 1 && !get("SLURM_PROCID").empty()) {
    w.launcher = "Slurm";
    w.size = number("SLURM_NTASKS", 1);
    w.rank = number("SLURM_PROCID", 0);
    w.localRank = number("SLURM_LOCALID", 0);
  }
  if (w.size < 1 || w.rank >= w.size)
    throw TrainingError("rank " + std::to_string(w.rank) + " of a world of " + std::to_string(w.size) + " (from " + w.launcher + ")");
  if (!w.distributed()) return w;
  w.masterAddr = get("MASTER_ADDR");
  w.masterPort = number("MASTER_PORT", 29500);
  if (w.masterAddr.empty())
    throw TrainingError(w.launcher + " started " + std::to_string(w.size) +
                        " processes but MASTER_ADDR is not set (rank 0's host; under Slurm e.g. "
                        "export MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n1))");
  if (w.masterPort < 1 || w.masterPort > 65535) throw TrainingError("MASTER_PORT must be a port number");
  return w;
}

#ifdef DRBN_HAVE_C10D

bool distributedTrainingAvailable() { return true; }

struct Collective::Impl {
  World world;
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;

  /// Runs a collective; a failure (a rank gone: closed connection or timeout) says what to do.
  template <typename F>
  void guarded(const char* what, F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      throw TrainingError("rank " + std::to_string(world.rank) + " of " + std::to_string(world.size) + ": lost the other ranks during " +
                          what + " (" + std::string(e.what()).substr(0, 300) +
                          "); a process stopped or was killed. Start the run again with --resume: it continues from the last checkpoint");
    }
  }
};

Collective::Collective(const World& world, std::chrono::milliseconds timeout) : m(std::make_unique<Impl>()) {
  m->world = world;
  m->guarded("the rendezvous", [&] {
    c10d::TCPStoreOptions options;
    options.port = uint16_t(world.masterPort);
    options.isServer = world.rank == 0;
    options.numWorkers = size_t(world.size);
    options.waitWorkers = true;
    options.timeout = timeout;
    m->store = c10::make_intrusive<c10d::TCPStore>(world.masterAddr, options);
    auto groupOptions = c10d::ProcessGroupGloo::Options::create(timeout);
    // On one machine (torchrun --standalone, tests) the loopback interface; across machines the
    // interface GLOO_SOCKET_IFNAME names, or the one this host's name resolves to.
    const bool loopback = world.masterAddr == "127.0.0.1" || world.masterAddr == "localhost";
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"))
      groupOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    else if (loopback)
      groupOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
      groupOptions->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    m->group = c10::make_intrusive<c10d::ProcessGroupGloo>(m->store, world.rank, world.size, groupOptions);
  });
}

Collective::~Collective() = default;

std::vector<double> Collective::sum(const std::vector<double>& values) {
  std::vector<at::Tensor> t{torch::tensor(values, torch::kFloat64)};
  m->guarded("a reduction", [&] { m->group->allreduce(t)->wait(); });
  return {t[0].data_ptr<double>(), t[0].data_ptr<double>() + values.size()};
}

namespace {

/// Runs `exchange` on all of `tensors` as one flat CPU buffer (one message instead of one per
/// tensor), then copies the buffer back into them.
void exchangeFlat(const std::vector<torch::Tensor>& tensors, const std::function<void(at::Tensor&)>& exchange) {
  if (tensors.empty()) return;
  std::vector<at::Tensor> flat;
  for (const auto& t : tensors) flat.push_back(t.detach().to(torch::kCPU).reshape({-1}));
  at::Tensor buffer = torch::cat(flat);
  exchange(buffer);
  int64_t offset = 0;
  torch::NoGradGuard noGrad;
  for (const auto& t : tensors) {
    t.copy_(buffer.slice(0, offset, offset + t.numel()).view_as(t));
    offset += t.numel();
  }
}

}  // namespace

void Collective::averageGradients(const std::vector<torch::Tensor>& gradients) {
  exchangeFlat(gradients, [&](at::Tensor& buffer) {
    std::vector<at::Tensor> b{buffer};
    m->guarded("a gradient exchange", [&] { m->group->allreduce(b)->wait(); });
    buffer.div_(double(m->world.size));
  });
}

void Collective::broadcastFromRankZero(const std::vector<torch::Tensor>& tensors) {
  exchangeFlat(tensors, [&](at::Tensor& buffer) {
    std::vector<at::Tensor> b{buffer};
    m->guarded("the start", [&] { m->group->broadcast(b)->wait(); });
  });
}

#else  // a LibTorch without c10d's headers (or built without DRBN_DISTRIBUTED)

bool distributedTrainingAvailable() { return false; }

struct Collective::Impl {};

Collective::Collective(const World& world, std::chrono::milliseconds) {
  throw TrainingError(world.launcher + " started " + std::to_string(world.size) +
                      " processes, but this build trains in one process only (built without c10d/Gloo)");
}
Collective::~Collective() = default;
std::vector<double> Collective::sum(const std::vector<double>& values) { return values; }
void Collective::averageGradients(const std::vector<torch::Tensor>&) {}
void Collective::broadcastFromRankZero(const std::vector<torch::Tensor>&) {}

#endif

}  // namespace drbn::train
