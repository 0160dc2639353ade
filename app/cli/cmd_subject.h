#pragma once
// `stf2m adapt --project` (cmd_subject.cpp), called by the adapt command (cmd_adapt.cpp).
#include <string>

namespace stf2m::cli {

struct ProjectAdaptOptions {
  std::string project, actor, subject;
  std::string modelPath;  // the meta-model; empty: the shipped session meta-model
  std::string support;    // a support set's id; empty: the subject's newest
  std::string outPath;
  std::string scheme = "emotion";
  std::string device = "auto";
  bool noPredict = false;
};

// Adapts to a subject of a project, stores and activates the model, re-predicts the subject's
// sessions; prints a JSON summary.
void runProjectAdapt(const ProjectAdaptOptions& options);

}  // namespace stf2m::cli
