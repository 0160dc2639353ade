#pragma once
// The subject commands' shared parts (cmd_subject.cpp): `stf2m adapt --project` and the support
// set's balance warnings.
#include <map>
#include <string>
#include <vector>

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

// What a support set's per-class counts should warn about: fewer than 2 classes, or the largest
// class at least 3 times the smallest.
std::vector<std::string> supportWarnings(const std::map<std::string, int>& perClass);

}  // namespace stf2m::cli
