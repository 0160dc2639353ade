#pragma once
// NumPy .npy files holding one float32 matrix (T rows x D columns, C order), the feature format of
// the dataset folder. Reading accepts format versions 1.0 and 2.0 with dtype '<f4' or '<f8'
// (converted to float); writing produces version 1.0 '<f4' exactly as numpy.save does (header
// padded with spaces to a multiple of 64 bytes, ending in '\n'). Format reference:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stf2m::dataset {

struct FloatMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> data;  // row-major, rows * cols values

  float at(int64_t row, int64_t col) const { return data[static_cast<size_t>(row * cols + col)]; }
};

// Reads a file. FileNotFound / FileUnreadable / EmptyFile for I/O problems; ParseError naming the
// file and what is wrong (bad magic, unsupported version or dtype, big-endian, fortran_order,
// not 2-D, truncated data with expected vs actual bytes, trailing bytes).
FloatMatrix readNpy(const std::string& path);
// The same on bytes already in memory; `subject` names them in errors.
FloatMatrix parseNpy(std::string_view bytes, const std::string& subject);

// numpy.save's bytes for a rows x cols float32 matrix; InvalidArgument when data.size() does not
// match or a dimension is negative.
std::string encodeNpy(const FloatMatrix& matrix);
// Writes encodeNpy() to `path` (FileUnreadable when the file cannot be written).
void writeNpy(const std::string& path, const FloatMatrix& matrix);

}  // namespace stf2m::dataset
