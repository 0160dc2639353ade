#pragma once
// Which evidence labels an adapted ST-F2M model's answers (docs/adaptation.md, "Which evidence
// labelled a subject"). At adaptation the statistics path mixes the learned head's logits with the
// pooled-statistics floor's, the mix chosen by cross-validation on the subject's support clips: 0
// is the learned head alone, 1 the floor alone. The choice is written to the adapted model's card
// as the "statistics_path" block, and read back here (torch-free) by everything that shows or
// exports what a model said: the CLI, the prediction exports and the Studio.
#include <string>
#include <vector>

#include "common/json_fwd.h"

namespace stf2m {

struct StatisticsChoice {
  double mix = -1;                     // -1: no statistics path (another method, or not adapted)
  std::vector<double> mixes;           // the candidates, in order of preference on a tie
  std::vector<double> heldOutCorrect;  // per candidate: held-out support clips answered right
  int heldOutClips = 0;                // clips held out over all folds (0: one clip of some class)

  bool present() const { return mix >= 0; }
  // The held-out clips the chosen mix answered right (-1 when unknown).
  double chosenCorrect() const;
  // Who labels, in words: "ST-F2M" (mix 0), "pooled statistics" (mix 1), "ST-F2M with pooled
  // statistics (mix 0.75)"; empty without the path.
  std::string labelledBy() const;
  // The card's block: mix, labelled_by, mixes, held_out_correct, held_out_clips.
  Json toJson() const;
  // From a model card's text; an empty choice when the card has no (well-formed) block or is not
  // JSON: the card is only ever read for display, and a damaged one must not stop an export.
  static StatisticsChoice fromCard(const std::string& cardJson);
};

}  // namespace stf2m
