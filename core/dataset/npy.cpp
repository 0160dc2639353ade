#include "dataset/npy.h"

#include <bit>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "common/error.h"

namespace stf2m::dataset {

static_assert(std::endian::native == std::endian::little,
              "the .npy reader copies little-endian data as is; a big-endian host needs byte swaps");

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr size_t kAlign = 64;            // numpy >= 1.14 aligns the data to 64 bytes
constexpr size_t kGrowthDigits = 21;     // numpy >= 1.24 leaves room to grow the first axis

[[noreturn]] void fail(const std::string& subject, const std::string& detail) {
  throw Error(ErrorCode::ParseError, subject, "not a readable .npy matrix: " + detail);
}

// The header is a Python dict literal written by repr(); this reads just the subset numpy emits:
// quoted strings, True/False, and tuples of non-negative integers.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::string& subject) : text_(text), subject_(subject) {}

  std::string descr;
  std::optional<bool> fortranOrder;
  std::optional<std::vector<int64_t>> shape;

  void parse() {
    expect('{');
    while (true) {
      skipSpace();
      if (peek() == '}') break;
      const std::string key = readString();
      expect(':');
      skipSpace();
      if (key == "descr") {
        descr = readString();
      } else if (key == "fortran_order") {
        fortranOrder = readBool();
      } else if (key == "shape") {
        shape = readTuple();
      } else {
        fail(subject_, "unexpected header key '" + key + "'");
      }
      skipSpace();
      if (peek() == ',') ++pos_;
      else if (peek() != '}') fail(subject_, "header dict is malformed near offset " + std::to_string(pos_));
    }
    ++pos_;
    skipSpace();
    if (pos_ != text_.size()) fail(subject_, "unexpected text after the header dict");
    if (descr.empty()) fail(subject_, "header has no 'descr'");
    if (!fortranOrder) fail(subject_, "header has no 'fortran_order'");
    if (!shape) fail(subject_, "header has no 'shape'");
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t')) ++pos_;
  }
  void expect(char c) {
    skipSpace();
    if (peek() != c) fail(subject_, std::string("header dict is malformed: expected '") + c + "'");
    ++pos_;
  }
  std::string readString() {
    skipSpace();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail(subject_, "header dict is malformed: expected a quoted string");
    const size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) fail(subject_, "header dict has an unterminated string");
    std::string s(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return s;
  }
  bool readBool() {
    if (text_.substr(pos_, 4) == "True") return pos_ += 4, true;
    if (text_.substr(pos_, 5) == "False") return pos_ += 5, false;
    fail(subject_, "'fortran_order' must be True or False");
  }
  std::vector<int64_t> readTuple() {
    expect('(');
    std::vector<int64_t> dims;
    while (true) {
      skipSpace();
      if (peek() == ')') break;
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
      if (ec != std::errc() || v < 0) fail(subject_, "'shape' must be a tuple of non-negative integers");
      pos_ = static_cast<size_t>(ptr - text_.data());
      dims.push_back(v);
      skipSpace();
      if (peek() == ',') ++pos_;
      else if (peek() != ')') fail(subject_, "'shape' tuple is malformed");
    }
    ++pos_;
    return dims;
  }

  std::string_view text_;
  const std::string& subject_;
  size_t pos_ = 0;
};

std::string shapeText(const std::vector<int64_t>& dims) {
  std::string s = "(";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + (dims.size() == 1 ? ",)" : ")");
}

}  // namespace

FloatMatrix parseNpy(std::string_view bytes, const std::string& subject) {
  if (bytes.size() < 10 || bytes.substr(0, kMagic.size()) != kMagic)
    fail(subject, "the file does not start with the .npy magic \\x93NUMPY");
  const auto major = static_cast<unsigned char>(bytes[6]);
  const auto minor = static_cast<unsigned char>(bytes[7]);
  size_t headerLength = 0;
  size_t prefix = 0;
  if (major == 1 && minor == 0) {
    headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8);
    prefix = 10;
  } else if (major == 2 && minor == 0) {
    if (bytes.size() < 12) fail(subject, "the version 2.0 header length is cut off");
    for (int i = 3; i >= 0; --i) headerLength = (headerLength << 8) | static_cast<unsigned char>(bytes[8 + i]);
    prefix = 12;
  } else {
    fail(subject, "format version " + std::to_string(major) + "." + std::to_string(minor) +
                      " is not supported (only 1.0 and 2.0)");
  }
  if (bytes.size() < prefix + headerLength)
    fail(subject, "the header is cut off (" + std::to_string(headerLength) + " header bytes declared, " +
                      std::to_string(bytes.size() - prefix) + " present)");
  HeaderParser header(bytes.substr(prefix, headerLength), subject);
  header.parse();

  size_t itemSize = 0;
  if (header.descr == "<f4") itemSize = 4;
  else if (header.descr == "<f8") itemSize = 8;
  else if (header.descr == ">f4" || header.descr == ">f8")
    fail(subject, "dtype '" + header.descr + "' is big-endian; save it as little-endian float32 ('<f4')");
  else
    fail(subject, "dtype '" + header.descr + "' is not supported (expected float32 '<f4' or float64 '<f8')");
  if (*header.fortranOrder)
    fail(subject, "fortran_order is True; save a C-order array (numpy.ascontiguousarray)");
  const std::vector<int64_t>& dims = *header.shape;
  if (dims.size() != 2)
    fail(subject, "shape " + shapeText(dims) + " is not 2-D (expected frames x features)");

  FloatMatrix m;
  m.rows = dims[0];
  m.cols = dims[1];
  const size_t dataStart = prefix + headerLength;
  const size_t available = bytes.size() - dataStart;
  // Compare in long double first so absurd shapes cannot overflow the byte count.
  const long double wanted = static_cast<long double>(m.rows) * static_cast<long double>(m.cols) * itemSize;
  if (wanted > static_cast<long double>(available)) {
    // Printed from the long double: an absurd shape's byte count need not fit any integer type.
    char needed[64];
    std::snprintf(needed, sizeof needed, "%.0Lf", wanted);
    fail(subject, "data is truncated: shape " + shapeText(dims) + " of '" + header.descr + "' needs " + needed +
                      " bytes, the file has " + std::to_string(available));
  }
  const size_t count = static_cast<size_t>(m.rows * m.cols);
  if (available != count * itemSize)
    fail(subject, std::to_string(available - count * itemSize) + " unexpected bytes after the " +
                      std::to_string(count * itemSize) + " bytes of data");
  m.data.resize(count);
  const char* src = bytes.data() + dataStart;
  if (count == 0) {
    // nothing to copy (memcpy with the null data() of an empty vector is undefined)
  } else if (itemSize == 4) {
    std::memcpy(m.data.data(), src, count * 4);
  } else {
    for (size_t i = 0; i < count; ++i) {
      double d;
      std::memcpy(&d, src + 8 * i, 8);
      m.data[i] = static_cast<float>(d);
    }
  }
  return m;
}

FloatMatrix readNpy(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorCode::FileNotFound, path, "no such file");
  if (std::filesystem::is_directory(path, ec)) throw Error(ErrorCode::FileUnreadable, path, "is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::FileUnreadable, path, std::string("cannot open: ") + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorCode::FileUnreadable, path, "read error");
  if (bytes.empty()) throw Error(ErrorCode::EmptyFile, path, "the file is empty");
  return parseNpy(bytes, path);
}

std::string encodeNpy(const FloatMatrix& m) {
  if (m.rows < 0 || m.cols < 0 || m.data.size() != static_cast<size_t>(m.rows * m.cols))
    throw Error(ErrorCode::InvalidArgument, "npy", "matrix data does not match its " + std::to_string(m.rows) +
                                                       " x " + std::to_string(m.cols) + " shape");
  // numpy's _write_array_header: sorted keys, repr() values, spare room after the first axis,
  // then spaces and '\n' so that magic + version + length + header is a multiple of 64.
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText({m.rows, m.cols}) + ", }";
  header.append(kGrowthDigits - std::to_string(m.rows).size(), ' ');
  const size_t unpadded = kMagic.size() + 2 + 2 + header.size() + 1;
  const size_t padding = kAlign - unpadded % kAlign;  // numpy pads a full 64 when already aligned
  header.append(padding, ' ');
  header.push_back('\n');
  if (header.size() > 0xFFFF) throw Error(ErrorCode::InvalidArgument, "npy", "header too long for version 1.0");

  std::string out;
  out.reserve(10 + header.size() + m.data.size() * 4);
  out.append(kMagic);
  out.push_back('\x01');
  out.push_back('\x00');
  out.push_back(static_cast<char>(header.size() & 0xFF));
  out.push_back(static_cast<char>(header.size() >> 8));
  out.append(header);
  if (!m.data.empty()) out.append(reinterpret_cast<const char*>(m.data.data()), m.data.size() * 4);
  return out;
}

void writeNpy(const std::string& path, const FloatMatrix& m) {
  const std::string bytes = encodeNpy(m);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ErrorCode::FileUnreadable, path, std::string("cannot create: ") + std::strerror(errno));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error(ErrorCode::FileUnreadable, path, "write failed (disk full?)");
}

}  // namespace stf2m::dataset
