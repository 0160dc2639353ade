#pragma once
// ELAN time slots and the times of the alignable annotations that use them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stf2m::interchange::detail {

struct EafTimeSlot {
  std::string id;
  std::optional<int64_t> ms;  // absent: an unaligned slot
  int64_t line = 0;
};

struct EafAnnotation {
  std::string id;
  size_t slot1 = 0;  // indices into the time slot list
  size_t slot2 = 0;
  std::string value;
  int64_t line = 0;
  int64_t startMs = 0;  // filled by resolveTierTimes
  int64_t endMs = 0;
};

// Gives every annotation of one tier its start and end. Unaligned slots occur inside chains of
// annotations that share boundary slots (a Time_Subdivision of a parent annotation); ELAN shows
// them spread evenly between the nearest aligned slots of the chain, and so do we. A slot with no
// aligned slot on both sides of its chain is a ParseError naming the annotation's line.
// Returns how many slots were interpolated.
int64_t resolveTierTimes(const std::vector<EafTimeSlot>& slots, std::vector<EafAnnotation>& annotations,
                         const std::string& file, const std::string& tier);

}  // namespace stf2m::interchange::detail
