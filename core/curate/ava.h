// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The AVA aesthetics dataset as distributed: AVA.txt (votes per image), tags.txt, challenges.txt.

#include <array>
#include <map>
#include <string>
#include <vector>

namespace drbn::curate {

/// One line of AVA.txt with the statistics computed from its votes.
struct AvaEntry {
  int line = 0;                 // 1-based line in AVA.txt
  long long imageId = 0;        // <imageId>.jpg in the images folder
  std::array<int, 10> votes{};  // how many people gave scores 1..10
  int tags[2] = {0, 0};         // semantic tag ids, 0 = none
  int challenge = 0;
  int voteCount = 0;
  double mos = 0;  // mean opinion score, 1..10
  double std = 0;  // standard deviation of the scores (population)
};

/// A line that could not be used, with the reason.
struct ParseProblem {
  int line = 0;
  std::string reason;
};

struct AvaList {
  std::vector<AvaEntry> entries;
  std::vector<ParseProblem> problems;  // malformed lines, skipped
};

/// Parses AVA.txt: per line an index, the image id, 10 vote counts, two tag ids and a challenge
/// id, separated by blanks. Malformed lines (wrong field count, non-numbers, negative or no votes,
/// repeated image ids) are reported by line number and skipped. Throws std::runtime_error naming
/// the file when it cannot be read.
AvaList parseAva(const std::string& path);
/// The same for text already in memory.
AvaList parseAvaText(const std::string& text);

/// tags.txt or challenges.txt: "id name" per line (names may contain blanks). Bad lines are skipped.
std::map<int, std::string> parseIdNames(const std::string& path);

}  // namespace drbn::curate
