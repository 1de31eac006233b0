// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Filter expressions and sorting over a catalog's items, e.g.
//   mos >= 6.5 and votes >= 100 and not (tag = 14 or reject)

#include "core/curate/catalog.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace drbn::curate {

/// A filter expression that cannot be parsed; the message says where and why.
class FilterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A field of an item that filters compare and lists sort by.
struct Field {
  const char* name;
  const char* description;
  double (*value)(const Item&);  // NaN when unknown (not from AVA, not measured)
};
/// All fields, in the order help texts list them.
const std::vector<Field>& fields();
/// The field called `name`, or nullptr.
const Field* findField(const std::string& name);

/// A parsed filter: comparisons `FIELD OP NUMBER` (OP: < <= > >= = !=), bare fields (true when
/// non-zero: `pick`, `reject`, `present`), joined with `and`, `or`, `not` and parentheses.
/// `tag = N` matches either of the two AVA tags. A comparison with an unknown value is false.
/// An empty text matches everything.
class Filter {
 public:
  Filter();
  /// Throws FilterError.
  explicit Filter(const std::string& text);
  bool matches(const Item& item) const;
  const std::string& text() const { return m_text; }

  struct Node;

 private:
  std::string m_text;
  std::shared_ptr<const Node> m_root;
};

/// Indices of the items that match, sorted by `sortField` (ties by id; unknown values last).
/// Throws FilterError for an unknown sort field.
std::vector<int> select(const std::vector<Item>& items, const Filter& filter, const std::string& sortField = "id",
                        bool descending = false);

}  // namespace drbn::curate
