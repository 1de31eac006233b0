// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The project's own default model, linked into every binary so that `drbn` and `drbn-studio`
// work without any download. Trained by scripts/train-default-model.sh; its card is
// resources/models/MODEL_CARD.md.

#include <string_view>

namespace drbn::models {

/// The band network (stage 1) as safetensors bytes.
std::string_view defaultBandNetwork();
/// The recomposition network (stage 2) as safetensors bytes; empty if the build has none.
std::string_view defaultRecomposer();

}  // namespace drbn::models
