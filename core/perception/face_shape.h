#pragma once
// Geometry of 68-point landmark sets (no LibTorch types): their bounding box, and how far one
// shape is from another once position, scale and in-plane rotation are taken out (a 2-D
// Procrustes distance). The tracker uses the distance as a fit-quality gate for landmark refits
// and as the geometry term of re-identification (face_tracker.h).
#include "perception/face_types.h"

namespace stf2m::perception {

// The points' bounding box (score 0).
FaceBox landmarkBounds(const FaceLandmarks68& landmarks);

// Root-mean-square distance between corresponding points after both shapes are centred, scaled
// to unit RMS radius, and `b` is rotated onto `a` (least squares): 0 for shapes that differ only
// by a similarity transform, at most sqrt(2). Measured figures (a face against itself a few
// frames later, against landmarks read off the face) are in docs/face-features.md. Returns 2 when
// either shape is not valid or degenerate (all points on one spot).
double shapeDistance(const FaceLandmarks68& a, const FaceLandmarks68& b);

// The in-plane rotation of a face: the angle of the line from the centre of the right eye
// (points 36-41, image left) to the left eye's (42-47), degrees, clockwise on screen (y down).
double rollDegrees(const FaceLandmarks68& landmarks);

}  // namespace stf2m::perception
