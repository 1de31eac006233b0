// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/weights/safetensors.h"

#include "core/io/atomicfile.h"

#include <cstring>
#include <set>

namespace drbn::weights {
namespace {

// The safetensors reference implementation caps the header at 100 MB.
constexpr uint64_t kMaxHeader = 100u << 20;
constexpr int kMaxJsonDepth = 8;
// Memory a header's values may take per byte of it, above a floor no real header comes near: a
// value takes ~100 bytes and "0," makes one from two, so a 10 MB header of them reached 1 GB.
constexpr size_t kJsonBytesPerByte = 16;
constexpr size_t kJsonMemoryFloor = size_t(16) << 20;

/// JSON, just enough for a safetensors header: objects, arrays, strings, integers, literals.
struct Json {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  int64_t number = 0;
  bool isInteger = true;
  std::string text;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
};

class JsonParser {
 public:
  JsonParser(const std::string& text, std::string context)
      : m_s(text), m_context(std::move(context)), m_budget(kJsonMemoryFloor + kJsonBytesPerByte * text.size()) {}
  Json parseDocument() {
    Json v = value(0);
    space();
    if (m_pos != m_s.size()) fail("trailing characters after the header");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw WeightError(m_context + ": malformed safetensors header: " + why + " (at byte " + std::to_string(m_pos) + ")");
  }
  void space() {
    while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r' || m_s[m_pos] == '\t')) ++m_pos;
  }
  char peek() { space(); if (m_pos >= m_s.size()) fail("unexpected end"); return m_s[m_pos]; }
  void expect(char c) { if (peek() != c) fail(std::string("expected '") + c + "'"); ++m_pos; }

  Json value(int depth) {
    if (depth > kMaxJsonDepth) fail("nested too deeply");
    m_charged += sizeof(Json);
    if (m_charged > m_budget)
      fail("needs more than " + std::to_string(m_budget >> 20) + " MiB to read, more than any real header of its size");
    Json v;
    const char c = peek();
    if (c == '{') {
      v.kind = Json::Kind::Object;
      ++m_pos;
      if (peek() == '}') { ++m_pos; return v; }
      for (;;) {
        std::string key = string();
        expect(':');
        v.members.emplace_back(std::move(key), value(depth + 1));
        if (peek() == ',') { ++m_pos; continue; }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.kind = Json::Kind::Array;
      ++m_pos;
      if (peek() == ']') { ++m_pos; return v; }
      for (;;) {
        v.items.push_back(value(depth + 1));
        if (peek() == ',') { ++m_pos; continue; }
        expect(']');
        return v;
      }
    }
    if (c == '"') { v.kind = Json::Kind::String; v.text = string(); return v; }
    if (literal("true")) { v.kind = Json::Kind::Bool; v.number = 1; return v; }
    if (literal("false")) { v.kind = Json::Kind::Bool; return v; }
    if (literal("null")) return v;
    return number();
  }
  bool literal(const char* word) {
    const size_t n = std::strlen(word);
    if (m_s.compare(m_pos, n, word) != 0) return false;
    m_pos += n;
    return true;
  }
  Json number() {
    Json v;
    v.kind = Json::Kind::Number;
    const size_t start = m_pos;
    bool negative = false;
    if (m_s[m_pos] == '-') { negative = true; ++m_pos; }
    uint64_t n = 0;
    bool digits = false;
    while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9') {
      if (n > (uint64_t(INT64_MAX) - 9) / 10) fail("number too large");
      n = n * 10 + uint64_t(m_s[m_pos++] - '0');
      digits = true;
    }
    if (!digits) { m_pos = start; fail("unexpected character"); }
    // Fractions and exponents are valid JSON but never an offset or a dimension.
    while (m_pos < m_s.size() && std::strchr(".eE+-0123456789", m_s[m_pos])) { v.isInteger = false; ++m_pos; }
    v.number = negative ? -int64_t(n) : int64_t(n);
    return v;
  }
  void utf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) out += char(cp);
    else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
    else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
  }
  uint32_t hex4() {
    if (m_s.size() - m_pos < 4) fail("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = m_s[m_pos++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= uint32_t(h - '0');
      else if (h >= 'a' && h <= 'f') v |= uint32_t(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= uint32_t(h - 'A' + 10);
      else fail("bad \\u escape");
    }
    return v;
  }
  std::string string() {
    expect('"');
    std::string out;
    for (;;) {
      if (m_pos >= m_s.size()) fail("unterminated string");
      const char c = m_s[m_pos++];
      if (c == '"') return out;
      if (c != '\\') { out += c; continue; }
      if (m_pos >= m_s.size()) fail("unterminated string");
      const char e = m_s[m_pos++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && m_s.compare(m_pos, 2, "\\u") == 0) {
            m_pos += 2;
            const uint32_t low = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          utf8(cp, out);
          break;
        }
        default: fail("bad escape");
      }
    }
  }

  const std::string& m_s;
  std::string m_context;
  size_t m_pos = 0;
  size_t m_budget, m_charged = 0;  // bytes of values
};

bool parseDType(const std::string& name, DType& dtype) {
  for (DType d : {DType::F32, DType::F64, DType::F16, DType::BF16, DType::I64, DType::I32, DType::I16, DType::I8,
                  DType::U8, DType::Bool})
    if (name == dtypeName(d)) {
      dtype = d;
      return true;
    }
  return false;
}

void appendJsonString(std::string& out, const std::string& s) {
  out += '"';
  for (const unsigned char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += char(c); }
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += char(c);
  }
  out += '"';
}

// Appends a tensor's elements in row-major order, gathering strided views.
void appendElements(std::string& out, const RawTensor& t, const std::string& path) {
  const size_t elem = dtypeSize(t.dtype);
  const int64_t n = t.numel();
  if (n == 0) return;
  int64_t last = t.offset;
  for (size_t d = 0; d < t.shape.size(); ++d) last += (t.shape[d] - 1) * t.stride[d];
  if (!t.storage || t.offset < 0 || t.storageByteOffset + size_t(last + 1) * elem > t.storage->size())
    throw WeightError(path + ": tensor '" + t.name + "' has no data to write");
  const char* base = t.storage->data() + t.storageByteOffset;
  std::vector<int64_t> index(t.shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t at = t.offset;
    for (size_t d = 0; d < index.size(); ++d) at += index[d] * t.stride[d];
    out.append(base + size_t(at) * elem, elem);
    for (size_t d = index.size(); d-- > 0;) {
      if (++index[d] < t.shape[d]) break;
      index[d] = 0;
    }
  }
}

}  // namespace

WeightFile parseSafetensors(std::shared_ptr<const Bytes> bytes, const std::string& path) {
  const Bytes& b = *bytes;
  if (b.size() < 8) throw WeightError(path + ": truncated safetensors file (no header length)");
  uint64_t headerSize = 0;
  for (int i = 0; i < 8; ++i) headerSize |= uint64_t(uint8_t(b[size_t(i)])) << (8 * i);
  if (headerSize > kMaxHeader || headerSize > b.size() - 8)
    throw WeightError(path + ": truncated or corrupt safetensors file (header of " + std::to_string(headerSize) +
                      " bytes does not fit in a file of " + std::to_string(b.size()) + ")");
  const Json header = JsonParser(b.substr(8, size_t(headerSize)), path).parseDocument();
  if (header.kind != Json::Kind::Object) throw WeightError(path + ": safetensors header is not a JSON object");

  WeightFile file;
  file.path = path;
  file.format = WeightFormat::Safetensors;
  const size_t dataStart = 8 + size_t(headerSize);
  const uint64_t dataSize = b.size() - dataStart;
  std::set<std::string> names;
  for (const auto& [name, entry] : header.members) {
    if (name == "__metadata__") {
      if (entry.kind != Json::Kind::Object) throw WeightError(path + ": __metadata__ is not an object");
      for (const auto& [key, value] : entry.members) {
        if (value.kind != Json::Kind::String) throw WeightError(path + ": metadata '" + key + "' is not a string");
        file.metadata[key] = value.text;
      }
      continue;
    }
    const std::string where = path + ": tensor '" + name + "'";
    if (!names.insert(name).second) throw WeightError(where + " appears twice");
    if (entry.kind != Json::Kind::Object) throw WeightError(where + " is not described by an object");
    const Json *dtype = nullptr, *shape = nullptr, *offsets = nullptr;
    for (const auto& [key, value] : entry.members) {
      if (key == "dtype") dtype = &value;
      else if (key == "shape") shape = &value;
      else if (key == "data_offsets") offsets = &value;
    }
    if (!dtype || !shape || !offsets || dtype->kind != Json::Kind::String || shape->kind != Json::Kind::Array ||
        offsets->kind != Json::Kind::Array || offsets->items.size() != 2)
      throw WeightError(where + " lacks dtype, shape or data_offsets");
    RawTensor t;
    t.name = name;
    if (!parseDType(dtype->text, t.dtype)) throw WeightError(where + " has unsupported dtype " + dtype->text, WeightError::Kind::Unsupported);
    if (shape->items.size() > 16) throw WeightError(where + " has too many dimensions");
    uint64_t numel = 1;
    for (const auto& d : shape->items) {
      if (d.kind != Json::Kind::Number || !d.isInteger || d.number < 0) throw WeightError(where + " has a bad shape");
      // Every element takes at least a byte of the file: this also keeps numel x itemsize from wrapping.
      if (d.number > 0 && numel > dataSize / uint64_t(d.number)) throw WeightError(where + " is larger than the file");
      numel *= uint64_t(d.number);
      t.shape.push_back(d.number);
    }
    for (const auto& o : offsets->items)
      if (o.kind != Json::Kind::Number || !o.isInteger || o.number < 0) throw WeightError(where + " has bad data_offsets");
    const uint64_t begin = uint64_t(offsets->items[0].number), end = uint64_t(offsets->items[1].number);
    if (begin > end || end > dataSize)
      throw WeightError(where + " lies outside the file's data (truncated file?)");
    if (end - begin != numel * dtypeSize(t.dtype))
      throw WeightError(where + ": data_offsets span " + std::to_string(end - begin) + " bytes but the shape needs " +
                        std::to_string(numel * dtypeSize(t.dtype)));
    t.stride.assign(t.shape.size(), 1);
    for (int i = int(t.shape.size()) - 2; i >= 0; --i) t.stride[size_t(i)] = t.stride[size_t(i) + 1] * t.shape[size_t(i) + 1];
    t.storage = bytes;
    t.storageByteOffset = dataStart + size_t(begin);
    file.tensors.push_back(std::move(t));
  }
  return file;
}

void writeSafetensors(const std::string& path, const std::vector<RawTensor>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  std::string header = "{";
  if (!metadata.empty()) {
    header += "\"__metadata__\":{";
    bool first = true;
    for (const auto& [key, value] : metadata) {
      if (!first) header += ',';
      first = false;
      appendJsonString(header, key);
      header += ':';
      appendJsonString(header, value);
    }
    header += '}';
  }
  uint64_t offset = 0;
  for (const auto& t : tensors) {
    if (t.name == "__metadata__") throw WeightError(path + ": '__metadata__' cannot name a tensor");
    const uint64_t size = uint64_t(t.numel()) * dtypeSize(t.dtype);
    if (header.size() > 1) header += ',';
    appendJsonString(header, t.name);
    header += ":{\"dtype\":\"" + std::string(dtypeName(t.dtype)) + "\",\"shape\":[";
    for (size_t i = 0; i < t.shape.size(); ++i) header += (i ? "," : "") + std::to_string(t.shape[i]);
    header += "],\"data_offsets\":[" + std::to_string(offset) + "," + std::to_string(offset + size) + "]}";
    offset += size;
  }
  header += '}';
  header.append((8 - header.size() % 8) % 8, ' ');  // the format aligns the data to 8 bytes

  std::string out;
  out.reserve(8 + header.size() + size_t(offset));
  for (int i = 0; i < 8; ++i) out += char(uint64_t(header.size()) >> (8 * i));
  out += header;
  for (const auto& t : tensors) appendElements(out, t, path);
  io::writeFileAtomically(path, out);
}

}  // namespace drbn::weights
