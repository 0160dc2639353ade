#include "interchange/eaf_time_slots.h"

#include <map>
#include <set>

#include "interchange/text_util.h"

namespace stf2m::interchange::detail {

namespace {

// Fills the unaligned runs of one chain of slots by equal division between their aligned ends.
void interpolateChain(const std::vector<size_t>& chain, const std::vector<EafTimeSlot>& slots,
                      std::map<size_t, int64_t>& resolved, int64_t& interpolated) {
  size_t i = 0;
  while (i < chain.size()) {
    if (slots[chain[i]].ms) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < chain.size() && !slots[chain[j]].ms) ++j;
    if (i > 0 && j < chain.size()) {
      const int64_t lo = *slots[chain[i - 1]].ms, hi = *slots[chain[j]].ms;
      const int64_t parts = static_cast<int64_t>(j - i) + 1;
      for (size_t k = i; k < j; ++k) {
        const int64_t step = static_cast<int64_t>(k - i) + 1;
        resolved.emplace(chain[k], lo + (hi - lo) * step / parts);
        ++interpolated;
      }
    }
    i = j;  // a run without aligned ends stays unresolved and is reported by the caller
  }
}

}  // namespace

int64_t resolveTierTimes(const std::vector<EafTimeSlot>& slots, std::vector<EafAnnotation>& annotations,
                         const std::string& file, const std::string& tier) {
  std::map<size_t, size_t> startingAt;  // slot -> first annotation of this tier starting there
  std::set<size_t> endSlots;
  bool anyUnaligned = false;
  for (size_t a = 0; a < annotations.size(); ++a) {
    startingAt.emplace(annotations[a].slot1, a);
    endSlots.insert(annotations[a].slot2);
    anyUnaligned = anyUnaligned || !slots[annotations[a].slot1].ms || !slots[annotations[a].slot2].ms;
  }

  std::map<size_t, int64_t> resolved;
  int64_t interpolated = 0;
  if (anyUnaligned) {
    // Walk each chain from its head: an annotation whose start slot no annotation ends at.
    std::vector<bool> visited(annotations.size(), false);
    for (size_t head = 0; head < annotations.size(); ++head) {
      if (visited[head] || endSlots.count(annotations[head].slot1)) continue;
      std::vector<size_t> chain{annotations[head].slot1};
      for (size_t a = head; !visited[a];) {
        visited[a] = true;
        chain.push_back(annotations[a].slot2);
        auto next = startingAt.find(annotations[a].slot2);
        if (next == startingAt.end()) break;
        a = next->second;
      }
      interpolateChain(chain, slots, resolved, interpolated);
    }
  }

  for (EafAnnotation& a : annotations) {
    const size_t refs[2] = {a.slot1, a.slot2};
    int64_t ms[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      const EafTimeSlot& s = slots[refs[k]];
      if (s.ms) {
        ms[k] = *s.ms;
      } else if (auto it = resolved.find(refs[k]); it != resolved.end()) {
        ms[k] = it->second;
      } else {
        throwParseError(file, a.line,
                        std::string(k == 0 ? "TIME_SLOT_REF1" : "TIME_SLOT_REF2") + " '" + s.id + "' of annotation '" +
                            a.id + "' on tier '" + tier +
                            "' has no TIME_VALUE and no aligned time slot on both sides to interpolate from");
      }
    }
    a.startMs = ms[0];
    a.endMs = ms[1];
  }
  return interpolated;
}

}  // namespace stf2m::interchange::detail
