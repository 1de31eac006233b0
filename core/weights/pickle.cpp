// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/weights/pickle.h"

#include <algorithm>

#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>

namespace drbn::weights::pickle {
namespace {

// Limits that no real checkpoint comes near and that keep hostile input from exhausting memory.
constexpr size_t kMaxMemo = 1u << 22;
constexpr size_t kMaxStack = 1u << 22;
constexpr size_t kMaxDims = 16;
// Memory the values of a pickle may take, per byte of it, above a floor that every real checkpoint
// stays under: a value takes ~300 bytes and some opcodes make one from a single byte, so a 10 MB
// flood of EMPTY_LIST reached 3.3 GB.
constexpr size_t kBytesPerByte = 16;
constexpr size_t kMemoryFloor = size_t(64) << 20;

/// Every value of one pickle, freed together (see Value).
using Arena = std::deque<Value>;

bool storageDType(const std::string& global, DType& dtype) {
  static const std::pair<const char*, DType> kTypes[] = {
      {"torch FloatStorage", DType::F32},   {"torch DoubleStorage", DType::F64},
      {"torch HalfStorage", DType::F16},    {"torch BFloat16Storage", DType::BF16},
      {"torch LongStorage", DType::I64},    {"torch IntStorage", DType::I32},
      {"torch ShortStorage", DType::I16},   {"torch CharStorage", DType::I8},
      {"torch ByteStorage", DType::U8},     {"torch BoolStorage", DType::Bool}};
  for (const auto& [name, type] : kTypes)
    if (global == name) {
      dtype = type;
      return true;
    }
  return false;
}

class Unpickler {
 public:
  Unpickler(const uint8_t* data, size_t size, std::string context, std::string part)
      : m_data(data), m_size(size), m_context(std::move(context)), m_part(std::move(part)),
        m_budget(kMemoryFloor + kBytesPerByte * size), m_arena(std::make_shared<Arena>()) {}

  ValuePtr run(size_t& consumed);

 private:
  [[noreturn]] void fail(const std::string& why, WeightError::Kind kind = WeightError::Kind::Damaged) const {
    throw WeightError(m_context + ": " + why + " (" + m_part + ", pickle offset " + std::to_string(m_pos) + ")", kind);
  }
  void need(size_t n) const {
    if (n > m_size - m_pos) fail("truncated pickle");
  }
  uint8_t u8() { need(1); return m_data[m_pos++]; }
  uint64_t le(size_t n) {
    need(n);
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= uint64_t(m_data[m_pos + i]) << (8 * i);
    m_pos += n;
    return v;
  }
  std::string bytes(uint64_t n) {
    if (n > m_size - m_pos) fail("string runs past the end of the file");
    std::string s(reinterpret_cast<const char*>(m_data + m_pos), size_t(n));
    m_pos += size_t(n);
    return s;
  }
  std::string line() {
    const void* nl = std::memchr(m_data + m_pos, '\n', m_size - m_pos);
    if (!nl) fail("unterminated text line");
    const size_t n = size_t(static_cast<const uint8_t*>(nl) - (m_data + m_pos));
    std::string s = bytes(n);
    ++m_pos;
    return s;
  }

  void push(Value* v) {
    if (m_stack.size() >= kMaxStack) fail("pickle stack too deep");
    m_stack.push_back(v);
  }
  Value* pop() {
    if (m_stack.size() <= markBase()) fail("pickle stack underflow");
    Value* v = m_stack.back();
    m_stack.pop_back();
    return v;
  }
  Value* top() {
    if (m_stack.size() <= markBase()) fail("pickle stack underflow");
    return m_stack.back();
  }
  size_t markBase() const { return m_marks.empty() ? 0 : m_marks.back(); }
  std::vector<Value*> popToMark() {
    if (m_marks.empty()) fail("missing MARK");
    const size_t base = m_marks.back();
    m_marks.pop_back();
    std::vector<Value*> items(m_stack.begin() + std::ptrdiff_t(base), m_stack.end());
    m_stack.resize(base);
    return items;
  }
  void memoPut(uint64_t index) {
    if (index >= kMaxMemo) fail("memo index out of range");
    if (index >= m_memo.size()) m_memo.resize(size_t(index) + 1);
    m_memo[size_t(index)] = top();
  }
  Value* memoGet(uint64_t index) {
    if (index >= m_memo.size() || !m_memo[size_t(index)]) fail("memo entry " + std::to_string(index) + " is missing");
    return m_memo[size_t(index)];
  }

  /// A new value, charged to the budget (see kBytesPerByte).
  Value* make(Value::Kind kind) {
    m_charged += sizeof(Value);
    if (m_charged > m_budget)
      fail("needs more than " + std::to_string(m_budget >> 20) + " MiB to read, more than any real file of its size");
    Value& v = m_arena->emplace_back();
    v.kind = kind;
    return &v;
  }
  Value* integer(int64_t i) { auto v = make(Value::Kind::Int); v->i = i; return v; }
  Value* longBytes(uint64_t n);
  Value* tuple(const std::vector<Value*>& items) {
    auto v = make(Value::Kind::Tuple);
    v->items.assign(items.begin(), items.end());
    return v;
  }
  Value* global(std::string module, std::string name) {
    auto v = make(Value::Kind::Global);
    v->s = module + " " + name;
    return v;
  }
  Value* persistent(const Value* pid);
  Value* reduce(const Value* callable, const Value* args);
  void setItems(Value* target, const std::vector<Value*>& kv);
  void appendItems(Value* target, const std::vector<Value*>& items);
  int64_t intOf(const Value* v, const char* what) {
    if (!v || (v->kind != Value::Kind::Int && v->kind != Value::Kind::Bool)) fail(std::string("expected an integer for ") + what);
    return v->i;
  }
  std::vector<int64_t> intTuple(const Value* v, const char* what) {
    if (!v || (v->kind != Value::Kind::Tuple && v->kind != Value::Kind::List)) fail(std::string("expected a tuple for ") + what);
    if (v->items.size() > kMaxDims) fail(std::string("too many dimensions in ") + what);
    std::vector<int64_t> out;
    for (const auto& item : v->items) out.push_back(intOf(item, what));
    return out;
  }

  const uint8_t* m_data;
  size_t m_size;
  size_t m_pos = 0;
  std::string m_context, m_part;
  std::vector<Value*> m_stack;
  std::vector<size_t> m_marks;
  std::vector<Value*> m_memo;
  size_t m_budget, m_charged = 0;  // bytes of values
  std::shared_ptr<Arena> m_arena;
};

Value* Unpickler::longBytes(uint64_t n) {
  if (n > 8) {  // wider than int64 (the legacy magic number): kept as its raw little-endian bytes
    auto v = make(Value::Kind::Bytes);
    v->s = bytes(n);
    return v;
  }
  need(size_t(n));
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint64_t(m_data[m_pos + i]) << (8 * i);
  if (n > 0 && n < 8 && (m_data[m_pos + n - 1] & 0x80)) v |= ~uint64_t(0) << (8 * n);  // sign-extend
  m_pos += size_t(n);
  return integer(int64_t(v));
}

Value* Unpickler::persistent(const Value* pid) {
  if (pid->kind != Value::Kind::Tuple || pid->items.size() < 5 || pid->items[0]->kind != Value::Kind::String ||
      pid->items[0]->s != "storage")
    fail("unsupported persistent id (not a torch storage)");
  auto v = make(Value::Kind::Storage);
  const auto& type = pid->items[1];
  if (type->kind != Value::Kind::Global || !storageDType(type->s, v->storage.dtype))
    fail("unsupported storage type '" + type->s + "'");
  if (pid->items[2]->kind != Value::Kind::String) fail("storage key is not a string");
  v->storage.key = pid->items[2]->s;
  v->storage.numel = intOf(pid->items[4], "storage size");
  if (v->storage.numel < 0) fail("negative storage size");
  // Legacy files may reference a view of a larger root storage: (view_key, offset, size).
  if (pid->items.size() > 5 && pid->items[5]->kind == Value::Kind::Tuple) {
    const auto& view = pid->items[5]->items;
    if (view.size() != 3) fail("malformed storage view");
    v->storage.viewOffset = intOf(view[1], "storage view offset");
    const int64_t viewSize = intOf(view[2], "storage view size");
    if (v->storage.viewOffset < 0 || viewSize < 0 || v->storage.viewOffset > v->storage.numel - viewSize)
      fail("storage view outside its storage");
  }
  return v;
}

Value* Unpickler::reduce(const Value* callable, const Value* args) {
  if (callable->kind == Value::Kind::Global && args->kind == Value::Kind::Tuple) {
    const std::string& name = callable->s;
    const auto& a = args->items;
    if (name == "collections OrderedDict" && a.empty()) return make(Value::Kind::Dict);
    if (name == "torch._utils _rebuild_tensor_v2" || name == "torch._utils _rebuild_tensor") {
      if (a.size() < 4 || a[0]->kind != Value::Kind::Storage) fail("malformed tensor record");
      auto t = make(Value::Kind::Tensor);
      t->tensor.storage = a[0]->storage;
      t->tensor.offset = intOf(a[1], "tensor offset");
      t->tensor.shape = intTuple(a[2], "tensor shape");
      t->tensor.stride = intTuple(a[3], "tensor stride");
      if (t->tensor.shape.size() != t->tensor.stride.size()) fail("tensor shape and stride differ in length");
      return t;
    }
    if (name == "torch._utils _rebuild_parameter" && !a.empty() && a[0]->kind == Value::Kind::Tensor) {
      auto t = make(Value::Kind::Tensor);
      t->tensor = a[0]->tensor;
      return t;
    }
  }
  auto object = make(Value::Kind::Object);
  object->items = {callable, args};
  return object;
}

void Unpickler::setItems(Value* target, const std::vector<Value*>& kv) {
  if (kv.size() % 2) fail("odd number of dictionary items");
  if (target->kind != Value::Kind::Dict) fail("SETITEMS on a value that is not a dictionary");
  for (size_t i = 0; i < kv.size(); i += 2) target->dict.emplace_back(kv[i], kv[i + 1]);
}

void Unpickler::appendItems(Value* target, const std::vector<Value*>& items) {
  if (target->kind != Value::Kind::List) fail("APPEND on a value that is not a list");
  target->items.insert(target->items.end(), items.begin(), items.end());
}

ValuePtr Unpickler::run(size_t& consumed) {
  for (;;) {
    const uint8_t op = u8();
    switch (op) {
      case 0x80: if (u8() > 5) fail("unsupported pickle protocol"); break;  // PROTO
      case 0x95: le(8); break;                                               // FRAME
      case '.': {                                                            // STOP
        if (m_stack.size() != 1 || !m_marks.empty()) fail("malformed pickle (stack not balanced at STOP)");
        consumed = m_pos;
        return ValuePtr(m_arena, m_stack.back());  // shares the arena's lifetime
      }
      case '(': m_marks.push_back(m_stack.size()); break;                   // MARK
      case '0': pop(); break;                                                // POP
      case '1': popToMark(); break;                                          // POP_MARK
      case '2': push(top()); break;                                          // DUP
      case 'N': push(make(Value::Kind::None)); break;
      case 0x88: case 0x89: {                                                // NEWTRUE / NEWFALSE
        auto v = make(Value::Kind::Bool);
        v->i = op == 0x88;
        push(v);
        break;
      }
      case 'J': push(integer(int32_t(uint32_t(le(4))))); break;             // BININT
      case 'K': push(integer(int64_t(le(1)))); break;                       // BININT1
      case 'M': push(integer(int64_t(le(2)))); break;                       // BININT2
      case 0x8a: push(longBytes(u8())); break;                              // LONG1
      case 0x8b: push(longBytes(le(4))); break;                             // LONG4
      case 'G': {                                                            // BINFLOAT (big-endian)
        need(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | m_data[m_pos + size_t(i)];
        m_pos += 8;
        auto v = make(Value::Kind::Float);
        std::memcpy(&v->f, &bits, 8);
        push(v);
        break;
      }
      case 'X': case 0x8c: case 0x8d: case 'T': case 'U': case 'B': case 'C': case 0x8e: {
        const bool isText = op == 'X' || op == 0x8c || op == 0x8d || op == 'T' || op == 'U';
        const uint64_t n = (op == 0x8c || op == 'U' || op == 'C') ? le(1) : (op == 0x8d || op == 0x8e) ? le(8) : le(4);
        auto v = make(isText ? Value::Kind::String : Value::Kind::Bytes);
        v->s = bytes(n);
        push(v);
        break;
      }
      case ')': push(make(Value::Kind::Tuple)); break;                      // EMPTY_TUPLE
      case 't': push(tuple(popToMark())); break;                            // TUPLE
      case 0x85: { auto a = pop(); push(tuple({a})); break; }               // TUPLE1
      case 0x86: { auto b = pop(); auto a = pop(); push(tuple({a, b})); break; }
      case 0x87: { auto c = pop(); auto b = pop(); auto a = pop(); push(tuple({a, b, c})); break; }
      case ']': push(make(Value::Kind::List)); break;                       // EMPTY_LIST
      case 'l': { auto v = make(Value::Kind::List); appendItems(v, popToMark()); push(v); break; }
      case 'a': { auto item = pop(); appendItems(top(), {item}); break; }   // APPEND
      case 'e': { auto items = popToMark(); appendItems(top(), items); break; }
      case '}': push(make(Value::Kind::Dict)); break;                       // EMPTY_DICT
      case 'd': { auto v = make(Value::Kind::Dict); setItems(v, popToMark()); push(v); break; }
      case 's': { auto value = pop(); auto key = pop(); setItems(top(), {key, value}); break; }
      case 'u': { auto kv = popToMark(); setItems(top(), kv); break; }     // SETITEMS
      case 'c': { auto module = line(); auto name = line(); push(global(module, name)); break; }
      case 0x93: {                                                           // STACK_GLOBAL
        auto name = pop(); auto module = pop();
        if (module->kind != Value::Kind::String || name->kind != Value::Kind::String) fail("malformed STACK_GLOBAL");
        push(global(module->s, name->s));
        break;
      }
      case 'Q': { auto pid = pop(); push(persistent(pid)); break; }        // BINPERSID
      case 'R': { auto args = pop(); auto callable = pop(); push(reduce(callable, args)); break; }
      case 0x81: { auto args = pop(); auto cls = pop(); push(reduce(cls, args)); break; }  // NEWOBJ
      case 'b': pop(); break;                         // BUILD: object state is not needed
      case 'q': memoPut(le(1)); break;                // BINPUT
      case 'r': memoPut(le(4)); break;                // LONG_BINPUT
      case 0x94: memoPut(m_memo.size()); break;       // MEMOIZE
      case 'h': push(memoGet(le(1))); break;          // BINGET
      case 'j': push(memoGet(le(4))); break;          // LONG_BINGET
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("unsupported pickle opcode ") + hex, WeightError::Kind::Unsupported);
      }
    }
  }
}

}  // namespace

ValuePtr unpickle(const uint8_t* data, size_t size, size_t& consumed, const std::string& path, const std::string& part) {
  return Unpickler(data, size, path, part).run(consumed);
}

std::vector<std::pair<std::string, TensorRef>> stateDictEntries(const ValuePtr& root, const std::string& context) {
  auto isStateDict = [](const Value* v) {
    if (!v || v->kind != Value::Kind::Dict || v->dict.empty()) return false;
    for (const auto& [key, value] : v->dict)
      if (key->kind != Value::Kind::String || value->kind != Value::Kind::Tensor) return false;
    return true;
  };
  const Value* dict = root.get();
  if (!isStateDict(dict) && root && root->kind == Value::Kind::Dict) {
    for (const auto& [key, value] : root->dict)
      if (key->kind == Value::Kind::String && (key->s == "state_dict" || key->s == "model" || key->s == "params") &&
          isStateDict(value))
        dict = value;
  }
  if (!isStateDict(dict))
    throw WeightError(context + ": holds no state_dict (a dictionary of named tensors); save the model's state_dict()",
                      WeightError::Kind::NotWeights);
  std::vector<std::pair<std::string, TensorRef>> out;
  for (const auto& [key, value] : dict->dict) out.emplace_back(key->s, value->tensor);
  return out;
}

}  // namespace drbn::weights::pickle
