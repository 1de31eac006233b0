// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/curate/ava.h"

#include "core/io/numbers.h"

#include "core/io/atomicfile.h"

#include <charconv>
#include <cmath>
#include <set>

namespace drbn::curate {
namespace {

/// Splits a line into blank-separated fields without copying.
std::vector<std::string_view> fieldsOf(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

template <typename T>
bool toNumber(std::string_view field, T& value) {
  return io::parseNumber(field, value);
}

/// Fills `entry` from the fields of one line, or says why it cannot.
std::string readEntry(const std::vector<std::string_view>& f, AvaEntry& entry) {
  if (f.size() != 15) return "expected 15 fields, found " + std::to_string(f.size());
  long long index = 0;
  if (!toNumber(f[0], index)) return "index '" + std::string(f[0]) + "' is not a number";
  if (!toNumber(f[1], entry.imageId) || entry.imageId < 0)
    return "image id '" + std::string(f[1]) + "' is not a number";
  double sum = 0, squares = 0;
  for (int s = 0; s < 10; ++s) {
    // AVA's images have a few hundred votes each; far more is damage, and would overflow the total.
    constexpr int kMaxVotes = 10'000'000;
    int& v = entry.votes[s];
    if (!toNumber(f[2 + s], v) || v < 0 || v > kMaxVotes)
      return "vote count for score " + std::to_string(s + 1) + " '" + std::string(f[2 + s]) + "' is invalid";
    entry.voteCount += v;
    sum += double(v) * (s + 1);
    squares += double(v) * (s + 1) * (s + 1);
  }
  if (!toNumber(f[12], entry.tags[0]) || !toNumber(f[13], entry.tags[1]) || !toNumber(f[14], entry.challenge))
    return "tag or challenge id is not a number";
  if (entry.voteCount == 0) return "no votes";
  entry.mos = sum / entry.voteCount;
  entry.std = std::sqrt(std::max(0.0, squares / entry.voteCount - entry.mos * entry.mos));
  return {};
}

}  // namespace

AvaList parseAvaText(const std::string& text) {
  AvaList list;
  list.entries.reserve(text.size() / 48);  // AVA.txt lines are ~50 bytes
  std::set<long long> seen;
  std::string_view rest(text);
  for (int line = 1; !rest.empty(); ++line) {
    const size_t end = rest.find('\n');
    const std::string_view content = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const auto fields = fieldsOf(content);
    if (fields.empty()) continue;
    AvaEntry entry;
    entry.line = line;
    std::string problem = readEntry(fields, entry);
    if (problem.empty() && !seen.insert(entry.imageId).second)
      problem = "image id " + std::to_string(entry.imageId) + " already listed";
    if (problem.empty())
      list.entries.push_back(entry);
    else
      list.problems.push_back({line, problem});
  }
  return list;
}

AvaList parseAva(const std::string& path) { return parseAvaText(io::readFile(path)); }

std::map<int, std::string> parseIdNames(const std::string& path) {
  std::map<int, std::string> names;
  const std::string text = io::readFile(path);
  std::string_view rest(text);
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    const size_t blank = line.find_first_of(" \t");
    int id = 0;
    if (blank == std::string_view::npos || !toNumber(line.substr(0, blank), id)) continue;
    std::string_view name = line.substr(blank + 1);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    names[id] = std::string(name);
  }
  return names;
}

}  // namespace drbn::curate
