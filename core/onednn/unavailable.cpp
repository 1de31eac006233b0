// SPDX-License-Identifier: GPL-3.0-or-later
// core/onednn for builds without oneDNN's headers (the nn-only preset against a pip LibTorch):
// the enhancer then runs LibTorch op by op, and says so.
#include "core/onednn/graph.h"

#include <stdexcept>

namespace drbn::onednn {

class Arena {};
class Plan {};

bool available() { return false; }
std::string cpuIsa() { return "unknown"; }
double convolutionGflops() { return 0; }
std::optional<Winograd3x3::Isa> kernelIsa() { return std::nullopt; }

Workspace::Workspace() = default;
Workspace::~Workspace() = default;
void Workspace::release() {}

Network::Network(Kind kind, const StateDict&) : m_kind(kind) {
  throw std::logic_error("this build has no oneDNN engine (onednn::available() is false)");
}
Network::~Network() = default;
std::vector<Planes> Network::run(const Planes&, Workspace&, bool, const std::atomic<bool>*) const { return {}; }

}  // namespace drbn::onednn
