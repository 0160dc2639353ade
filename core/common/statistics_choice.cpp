#include "common/statistics_choice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/error.h"
#include "common/json.h"

namespace stf2m {

double StatisticsChoice::chosenCorrect() const {
  for (size_t i = 0; i < mixes.size() && i < heldOutCorrect.size(); ++i)
    if (mixes[i] == mix) return heldOutCorrect[i];
  return -1;
}

std::string StatisticsChoice::labelledBy() const {
  if (!present()) return "";
  if (mix == 0) return "ST-F2M";
  if (mix == 1) return "pooled statistics";
  char text[64];
  std::snprintf(text, sizeof text, "ST-F2M with pooled statistics (mix %.3g)", mix);
  return text;
}

Json StatisticsChoice::toJson() const {
  return {{"mix", mix},
          {"labelled_by", labelledBy()},
          {"mixes", mixes},
          {"held_out_correct", heldOutCorrect},
          {"held_out_clips", heldOutClips}};
}

StatisticsChoice StatisticsChoice::fromCard(const std::string& cardJson) {
  StatisticsChoice choice;
  try {
    const JsonNode card = parseJson(cardJson, "model card");
    const std::optional<JsonNode> block = card.isObject() ? card.find("statistics_path") : std::nullopt;
    if (!block || !block->isObject()) return choice;
    const double mix = block->at("mix").asNumber();
    if (!(mix >= 0 && mix <= 1)) return choice;
    for (const JsonNode& m : block->at("mixes").items()) choice.mixes.push_back(m.asNumber());
    for (const JsonNode& c : block->at("held_out_correct").items()) choice.heldOutCorrect.push_back(c.asNumber());
    choice.heldOutClips = static_cast<int>(block->at("held_out_clips").asInt());
    choice.mix = mix;
  } catch (const Error&) {
    return StatisticsChoice{};
  }
  return choice;
}

}  // namespace stf2m
