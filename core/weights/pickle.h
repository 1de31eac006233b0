// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A small reader for the subset of Python's pickle (protocols 2-4) that torch.save writes for
// state_dicts. It builds plain values and never runs code: only the few globals a state_dict
// needs are understood, everything else becomes an opaque object. Bounded by the input size.

#include "core/weights/weightfile.h"

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace drbn::weights::pickle {

/// A persistent storage reference of torch.save: ('storage', type, key, location, numel, view).
struct StorageRef {
  DType dtype = DType::F32;
  std::string key;
  int64_t numel = 0;
  int64_t viewOffset = 0;  // elements into the root storage, for legacy storage views
};

/// A tensor rebuilt by torch._utils._rebuild_tensor(_v2): a view into a storage.
struct TensorRef {
  StorageRef storage;
  int64_t offset = 0;
  std::vector<int64_t> shape, stride;
};

/// One value of a pickle. Containers point to their items, which belong to the same pickle: a
/// hostile pickle may nest a million levels deep or put a list inside itself, and neither frees
/// recursively nor leaks, because all of a pickle's values are freed together.
struct Value {
  enum class Kind { None, Bool, Int, Float, String, Bytes, List, Tuple, Dict, Global, Storage, Tensor, Object };
  Kind kind = Kind::None;
  int64_t i = 0;
  double f = 0;
  std::string s;                                  // String, Bytes; Global: "module name"
  std::vector<const Value*> items;                // List, Tuple; Object: [callable, args]
  std::vector<std::pair<const Value*, const Value*>> dict;
  StorageRef storage;
  TensorRef tensor;

  Value() = default;
  Value(const Value&) = delete;  // a copy would outlive the items it points to
  Value& operator=(const Value&) = delete;
};
/// The root of an unpickled object; it keeps every value of its pickle alive.
using ValuePtr = std::shared_ptr<const Value>;

/// Unpickles one object from data; `consumed` receives the offset just past its STOP.
/// Throws WeightError naming `path` and the `part` of the file on malformed or unsupported input.
ValuePtr unpickle(const uint8_t* data, size_t size, size_t& consumed, const std::string& path, const std::string& part);

/// The (name, tensor) entries of a state_dict, which may be the object itself or sit under a
/// conventional key ("state_dict", "model", "params"); throws when there is none.
std::vector<std::pair<std::string, TensorRef>> stateDictEntries(const ValuePtr& root, const std::string& context);

}  // namespace drbn::weights::pickle
