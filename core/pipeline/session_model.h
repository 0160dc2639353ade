#pragma once
// What session analysis feeds a model, and whether a model can read it. The session's
// modalities are the perception schemas: "face" (face feature schema v1, 285 columns at the
// video's frame rate, the schema's named groups) and "voice" (voice feature schema v1, 83 columns
// at 100 Hz, its groups); a session without video or audio has only the other one.
#include <string>
#include <vector>

#include "dataset/feature_dataset.h"
#include "pipeline/session_types.h"

namespace stf2m::pipeline {

// The two perception modalities: face schema v1 at `fps`, voice schema v1 at 100 Hz.
dataset::ModalitySpec faceModality(double fps);
dataset::ModalitySpec voiceModality();
std::vector<dataset::ModalitySpec> sessionModalities(const SessionLayout& layout);

// "face: 285 columns [presence 0-2, ...]; voice: ..." for messages (rates left out: the model
// resamples every modality to its encoder rate).
std::string describeModalities(const std::vector<dataset::ModalitySpec>& modalities);

// Refuses (InvalidArgument, naming the model file and both sides) a model that does not read
// every modality of the session with the same name, columns and groups, or shares none with it.
// `modelPath`'s integrity errors are model::readModelCardText's.
void requireModelReadsSession(const std::string& modelPath, const SessionLayout& layout);

// The shipped session model (docs/session-model.md), the default of `stf2m analyze`. Search
// order: $STF2M_SESSION_MODEL; <bin>/../share/stf2m/models/session.stf2m; the install prefix's
// share/stf2m/models; the source tree's resources/models. FileNotFound listing every place.
std::string findSessionModel();

}  // namespace stf2m::pipeline
