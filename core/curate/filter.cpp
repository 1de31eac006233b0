// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/curate/filter.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace drbn::curate {
namespace {

/// For an unknown field: the field whose description has the word ("stars": rating), else all.
std::string suggestionFor(const std::string& word) {
  std::vector<const Field*> described;
  for (const auto& f : fields())
    if (word.size() >= 3 && std::string_view(f.description).find(word) != std::string_view::npos) described.push_back(&f);
  if (described.size() == 1) return "did you mean '" + std::string(described[0]->name) + "'?";
  std::string names;
  for (const auto& f : fields()) names += (names.empty() ? "" : ", ") + std::string(f.name);
  return "fields: " + names;
}

double nan() { return std::nan(""); }

}  // namespace

const std::vector<Field>& fields() {
  static const std::vector<Field> all = {
      {"id", "catalog id", [](const Item& i) { return double(i.id); }},
      {"ava", "AVA image id", [](const Item& i) { return i.avaId < 0 ? nan() : double(i.avaId); }},
      {"mos", "mean opinion score (1-10)", [](const Item& i) { return i.mos; }},
      {"std", "standard deviation of the scores", [](const Item& i) { return i.std; }},
      {"votes", "number of votes", [](const Item& i) { return i.avaId < 0 ? nan() : double(i.votes); }},
      {"tag", "AVA semantic tag id (either of two)", [](const Item& i) { return i.avaId < 0 ? nan() : double(i.tags[0]); }},
      {"challenge", "AVA challenge id", [](const Item& i) { return i.avaId < 0 ? nan() : double(i.challenge); }},
      {"width", "width in pixels", [](const Item& i) { return i.measured ? double(i.signals.width) : nan(); }},
      {"height", "height in pixels", [](const Item& i) { return i.measured ? double(i.signals.height) : nan(); }},
      {"megapixels", "size in megapixels",
       [](const Item& i) { return i.measured ? i.signals.width * double(i.signals.height) / 1e6 : nan(); }},
      {"brightness", "mean luminance (0-1)", [](const Item& i) { return i.measured ? i.signals.brightness : nan(); }},
      {"shadows", "fraction of clipped shadows",
       [](const Item& i) { return i.measured ? i.signals.clippedShadows : nan(); }},
      {"highlights", "fraction of clipped highlights",
       [](const Item& i) { return i.measured ? i.signals.clippedHighlights : nan(); }},
      {"sharpness", "variance of the Laplacian", [](const Item& i) { return i.measured ? i.signals.sharpness : nan(); }},
      {"noise", "noise sigma (8-bit units)", [](const Item& i) { return i.measured ? i.signals.noise : nan(); }},
      {"quality", "quality discriminator score (0-1)",
       [](const Item& i) { return i.measured ? i.signals.quality : nan(); }},
      {"group", "near-duplicate group", [](const Item& i) { return i.group < 0 ? nan() : double(i.group); }},
      {"rating", "stars (0-5)", [](const Item& i) { return double(i.decision.rating); }},
      {"pick", "1 when picked", [](const Item& i) { return double(i.decision.flag == Flag::Pick); }},
      {"reject", "1 when rejected", [](const Item& i) { return double(i.decision.flag == Flag::Reject); }},
      {"present", "1 when the file exists", [](const Item& i) { return double(i.present); }},
      {"measured", "1 when signals were computed", [](const Item& i) { return double(i.measured); }},
  };
  return all;
}

const Field* findField(const std::string& name) {
  for (const auto& f : fields())
    if (name == f.name) return &f;
  return nullptr;
}

enum class Op { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual, Truthy, And, Or, Not };

struct Filter::Node {
  Op op;
  const Field* field = nullptr;
  double value = 0;
  bool anyTag = false;  // `tag = N` looks at both AVA tags
  std::shared_ptr<const Node> left, right;

  bool eval(const Item& item) const {
    switch (op) {
      case Op::And: return left->eval(item) && right->eval(item);
      case Op::Or: return left->eval(item) || right->eval(item);
      case Op::Not: return !left->eval(item);
      default: break;
    }
    if (anyTag && (op == Op::Equal || op == Op::NotEqual)) {
      const bool either = item.tags[0] == value || item.tags[1] == value;
      return op == Op::Equal ? either : !either;
    }
    const double v = field->value(item);
    if (std::isnan(v)) return false;
    switch (op) {
      case Op::Less: return v < value;
      case Op::LessEqual: return v <= value;
      case Op::Greater: return v > value;
      case Op::GreaterEqual: return v >= value;
      case Op::Equal: return v == value;
      case Op::NotEqual: return v != value;
      case Op::Truthy: return v != 0;
      default: return false;
    }
  }
};

namespace {

using NodePtr = std::shared_ptr<const Filter::Node>;

/// Recursive descent: or-expr := and-expr ("or" and-expr)*; and-expr := unary ("and" unary)*;
/// unary := "not" unary | "(" or-expr ")" | FIELD [OP NUMBER].
class Parser {
 public:
  explicit Parser(const std::string& text) : m_text(text) {}

  NodePtr parse() {
    NodePtr root = orExpr();
    skipBlanks();
    if (m_at != m_text.size()) fail("unexpected '" + m_text.substr(m_at) + "'");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    const std::string shown = m_text.size() > 80 ? m_text.substr(0, 77) + "..." : m_text;
    throw FilterError("filter '" + shown + "', at column " + std::to_string(m_at + 1) + ": " + why);
  }
  void skipBlanks() {
    while (m_at < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_at]))) ++m_at;
  }
  std::string word() {
    skipBlanks();
    size_t end = m_at;
    while (end < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[end])) || m_text[end] == '_')) ++end;
    return m_text.substr(m_at, end - m_at);
  }
  bool keyword(const char* k) {
    const std::string w = word();
    if (w != k) return false;
    m_at += w.size();
    return true;
  }
  bool symbol(char c) {
    skipBlanks();
    if (m_at < m_text.size() && m_text[m_at] == c) {
      ++m_at;
      return true;
    }
    return false;
  }
  static NodePtr node(Op op, NodePtr left, NodePtr right = nullptr) {
    return std::make_shared<Filter::Node>(Filter::Node{op, nullptr, 0, false, std::move(left), std::move(right)});
  }

  NodePtr orExpr() {
    NodePtr left = andExpr();
    while (keyword("or")) left = node(Op::Or, left, andExpr());
    return left;
  }
  NodePtr andExpr() {
    NodePtr left = unary();
    while (keyword("and")) left = node(Op::And, left, unary());
    return left;
  }
  NodePtr unary() {
    // Parsing, evaluating and freeing recurse per level and per term: bounded, so that no
    // filter can exhaust the stack (15,000 nested parentheses did).
    constexpr int kMaxDepth = 100, kMaxTerms = 1000;
    if (++m_terms > kMaxTerms) fail("more than " + std::to_string(kMaxTerms) + " terms");
    struct Level {
      int& depth;
      explicit Level(int& d) : depth(++d) {}
      ~Level() { --depth; }
    } level(m_depth);
    if (m_depth > kMaxDepth) fail("nested more than " + std::to_string(kMaxDepth) + " levels deep");
    if (keyword("not")) return node(Op::Not, unary());
    if (symbol('(')) {
      NodePtr inner = orExpr();
      if (!symbol(')')) fail("expected ')'");
      return inner;
    }
    const std::string name = word();
    if (name.empty()) fail(m_at < m_text.size() ? "expected a field name" : "expected a field name at the end");
    const Field* field = findField(name);
    if (!field) fail("unknown field '" + name + "' (" + suggestionFor(name) + ")");
    m_at += name.size();
    auto n = std::make_shared<Filter::Node>(Filter::Node{Op::Truthy, field, 0, name == "tag", nullptr, nullptr});
    skipBlanks();
    static const std::pair<const char*, Op> ops[] = {{"<=", Op::LessEqual}, {">=", Op::GreaterEqual},
                                                     {"!=", Op::NotEqual},  {"==", Op::Equal},
                                                     {"<", Op::Less},       {">", Op::Greater},
                                                     {"=", Op::Equal}};
    for (const auto& [spelling, op] : ops)
      if (m_text.compare(m_at, std::string::traits_type::length(spelling), spelling) == 0) {
        m_at += std::string::traits_type::length(spelling);
        skipBlanks();
        const char* begin = m_text.c_str() + m_at;
        // from_chars, not strtod: the same under any locale (a filter typed in a German studio).
        const auto [end, ec] = std::from_chars(begin, m_text.c_str() + m_text.size(), n->value);
        if (ec != std::errc() || end == begin) fail("expected a number after '" + std::string(spelling) + "'");
        m_at += size_t(end - begin);
        n->op = op;
        break;
      }
    return n;
  }

  std::string m_text;
  size_t m_at = 0;
  int m_depth = 0, m_terms = 0;
};

}  // namespace

Filter::Filter() = default;

Filter::Filter(const std::string& text) : m_text(text) {
  if (text.find_first_not_of(" \t") != std::string::npos) m_root = Parser(text).parse();
}

bool Filter::matches(const Item& item) const { return !m_root || m_root->eval(item); }

std::vector<int> select(const std::vector<Item>& items, const Filter& filter, const std::string& sortField,
                        bool descending) {
  const Field* field = findField(sortField);
  if (!field) throw FilterError("cannot sort by unknown field '" + sortField + "'");
  std::vector<int> indices;
  std::vector<double> keys;
  for (int i = 0; i < int(items.size()); ++i)
    if (filter.matches(items[i])) indices.push_back(i);
  keys.resize(items.size());
  for (int i : indices) keys[i] = field->value(items[i]);
  std::stable_sort(indices.begin(), indices.end(), [&](int a, int b) {
    const double ka = keys[a], kb = keys[b];
    if (std::isnan(ka) || std::isnan(kb)) return !std::isnan(ka) && std::isnan(kb);  // unknown last
    return descending ? ka > kb : ka < kb;
  });
  return indices;
}

}  // namespace drbn::curate
