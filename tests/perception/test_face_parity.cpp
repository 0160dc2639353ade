// Our LibTorch face networks against @vladmandic/face-api itself. Every demo photo of the pinned
// package, plus a 0.5x (2x2 box average) and a horizontally mirrored copy made here, is decoded
// to RGB24 by core/media; the same bytes go to face_reference.js (face-api on TensorFlow.js's wasm
// backend: TinyFaceDetector 416/0.5 + tiny 68 landmarks + expressions) and to our FacePipeline.
// Also: TF conventions of the building blocks, batching, input forms, bad inputs, and a timing.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

#include "media/video_reader.h"
#include "perception/face_landmarks.h"
#include "perception/face_pipeline.h"
#include "perception/model_locator.h"
#include "perception/tiny_face_detector.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::perception;
using namespace stf2m::test;

namespace {

struct Picture {
  QString name;
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;  // packed, stride = 3 * width
  RgbImageView view() const { return {rgb.data(), width, height, width * 3}; }
};

Picture decode(const QString& path) {
  media::VideoReader reader(path.toStdString());
  const media::DecodedFrame* frame = reader.nextFrame();
  if (!frame) throw Error(ErrorCode::CorruptData, path.toStdString(), "no picture");
  const media::Size size = reader.displaySizeWithin(0, 0);
  Picture p{QFileInfo(path).baseName(), size.width, size.height, {}};
  p.rgb.resize(size_t(size.width) * size.height * 3);
  reader.convertToRgb(*frame, {p.rgb.data(), size.width, size.height, size.width * 3});
  return p;
}

Picture halved(const Picture& in) {
  Picture out{in.name + QStringLiteral("-half"), in.width / 2, in.height / 2, {}};
  out.rgb.resize(size_t(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      for (int c = 0; c < 3; ++c) {
        auto at = [&](int dx, int dy) { return int(in.rgb[(size_t(2 * y + dy) * in.width + 2 * x + dx) * 3 + c]); };
        out.rgb[(size_t(y) * out.width + x) * 3 + c] = uint8_t((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) / 4);
      }
  return out;
}

Picture mirrored(const Picture& in) {
  Picture out{in.name + QStringLiteral("-mirror"), in.width, in.height, in.rgb};
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x)
      std::copy_n(&in.rgb[(size_t(y) * in.width + in.width - 1 - x) * 3], 3, &out.rgb[(size_t(y) * in.width + x) * 3]);
  return out;
}

FaceBox boxFromJson(const QJsonArray& a) {
  FaceBox b;
  b.x = a[0].toDouble(), b.y = a[1].toDouble(), b.width = a[2].toDouble(), b.height = a[3].toDouble();
  return b;
}

}  // namespace

class TestFaceParity : public QObject {
  Q_OBJECT

  QString modelDir_;
  QTemporaryDir tmp_;

 private Q_SLOTS:
  void initTestCase() {
    at::set_num_threads(2);
    const Thrown t = capture([&] { modelDir_ = QString::fromStdString(findFaceModelDir()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
    QVERIFY(tmp_.isValid());
  }

  // The TF conventions our layers reproduce, on values small enough to check by hand.
  void tensorFlowConventions() {
    QCOMPARE(tfSamePadding(112, 3, 2), std::make_pair(int64_t(0), int64_t(1)));  // only after
    QCOMPARE(tfSamePadding(7, 3, 2), std::make_pair(int64_t(1), int64_t(1)));
    QCOMPARE(tfSamePadding(13, 2, 1), std::make_pair(int64_t(0), int64_t(1)));
    // Legacy bilinear 4 -> 3: sources 0, 4/3, 8/3 (no half-pixel shift), the last row clamped.
    const torch::Tensor ramp = torch::arange(4, torch::kFloat32).view({1, 1, 4}).expand({1, 4, 4});
    const torch::Tensor r = resizeBilinearTf(ramp, 3, 3);
    QVERIFY(torch::allclose(r[0][0], torch::tensor({0.0f, 4.0f / 3, 8.0f / 3}), 1e-6, 1e-6));
    QVERIFY(torch::allclose(resizeBilinearTf(ramp, 8, 8)[0][0].slice(0, 5), torch::tensor({2.5f, 3.0f, 3.0f})));
    // Centred padding of 3 rows puts round(1.5) = 2 after and 1 before; the detector's all after.
    const torch::Tensor wide = torch::ones({1, 2, 5});
    const torch::Tensor centred = padToSquare(wide, true)[0].sum(1), after = padToSquare(wide, false)[0].sum(1);
    QVERIFY(torch::equal(centred, torch::tensor({0.0f, 5.0f, 5.0f, 0.0f, 0.0f})));
    QVERIFY(torch::equal(after, torch::tensor({5.0f, 5.0f, 0.0f, 0.0f, 0.0f})));
    // The detector's resize reads the bottom/right zero padding without building it.
    const torch::Tensor pic = torch::rand({3, 37, 58}) * 255;
    QVERIFY(torch::allclose(resizeBilinearTf(pic, 32, 32, 58, 58), resizeBilinearTf(padToSquare(pic, false), 32, 32)));
    // Max pooling 'same' never picks the padding.
    QCOMPARE(maxPoolSame(-torch::ones({1, 1, 3, 3}), 2, 2).max().item<float>(), -1.0f);
  }

  void matchesFaceApi() {
    const QDir demo(QStringLiteral(STF2M_FACE_PHOTOS));
    const QStringList photos = demo.entryList({QStringLiteral("sample*.jpg")}, QDir::Files, QDir::Name);
    QVERIFY2(photos.size() >= 6, qPrintable(demo.path()));
    std::vector<Picture> pictures;
    QJsonArray jobImages;
    for (const QString& photo : photos) {
      Picture p;
      const Thrown t = capture([&] { p = decode(demo.filePath(photo)); });
      QVERIFY2(!t.threw, qPrintable(t.describe()));
      Picture half = halved(p), mirror = mirrored(p);
      for (Picture* v : {&p, &half, &mirror}) {
        const QString raw = tmp_.filePath(v->name + QStringLiteral(".rgb"));
        QFile f(raw);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(reinterpret_cast<const char*>(v->rgb.data()), qint64(v->rgb.size())), qint64(v->rgb.size()));
        jobImages.append(QJsonObject{{QStringLiteral("path"), raw}, {QStringLiteral("width"), v->width}, {QStringLiteral("height"), v->height}});
        pictures.push_back(std::move(*v));
      }
    }
    const QString job = tmp_.filePath(QStringLiteral("job.json"));
    {
      QFile f(job);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QJsonDocument(QJsonObject{{QStringLiteral("modelDir"), modelDir_}, {QStringLiteral("backend"), QStringLiteral("wasm")},
                                       {QStringLiteral("images"), jobImages}}).toJson());
    }
    QProcess node;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), QStringLiteral(STF2M_NODE_MODULES));
    node.setProcessEnvironment(env);
    node.start(QStringLiteral("node"), {QStringLiteral(STF2M_FACE_REFERENCE), job});
    QVERIFY2(node.waitForFinished(240000), "node did not finish");
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    const QJsonObject ref = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
    QCOMPARE(ref.value(QStringLiteral("backend")).toString(), QStringLiteral("wasm"));
    const QJsonArray refImages = ref.value(QStringLiteral("images")).toArray();
    QCOMPARE(refImages.size(), qsizetype(pictures.size()));

    FacePipeline pipeline(FacePipelineOptions{modelDir_.toStdString()});
    (void)pipeline.analyse(pictures.front().view());  // warm-up: first-call allocations
    double worstIoU = 1, worstLandmarkPx = 0, worstExpression = 0, detMs = 0, lmMs = 0, exMs = 0, refMs = 0;
    int faces = 0, largeFaces = 0, timed = 0;
    for (size_t i = 0; i < pictures.size(); ++i) {
      const Picture& pic = pictures[i];
      FaceTimings t;
      const std::vector<FaceAnalysis> ours = pipeline.analyse(pic.view(), &t);
      const QJsonObject r = refImages[qsizetype(i)].toObject();
      if (i % 3 == 0) {  // the full-size photos; best of 3 runs, the machine may be shared
        for (int rep = 0; rep < 2; ++rep) {
          FaceTimings again;
          (void)pipeline.analyse(pic.view(), &again);
          t = {std::min(t.detectionMs, again.detectionMs), std::min(t.landmarksMs, again.landmarksMs),
               std::min(t.expressionsMs, again.expressionsMs)};
        }
        detMs += t.detectionMs, lmMs += t.landmarksMs, exMs += t.expressionsMs;
        refMs += r.value(QStringLiteral("ms")).toDouble();
        ++timed;
      }
      const QJsonArray refFaces = r.value(QStringLiteral("faces")).toArray();
      QVERIFY2(qsizetype(ours.size()) == refFaces.size(),
               qPrintable(QStringLiteral("%1: %2 faces, face-api %3").arg(pic.name).arg(ours.size()).arg(refFaces.size())));
      for (const auto& rf : refFaces) {
        const QJsonObject o = rf.toObject();
        const FaceBox refBox = boxFromJson(o.value(QStringLiteral("box")).toArray());
        // Pair by overlap, not by rank: two faces with nearly equal scores may swap.
        const auto best = std::max_element(ours.begin(), ours.end(), [&](const FaceAnalysis& a, const FaceAnalysis& b) {
          return intersectionOverUnion(a.box, refBox) < intersectionOverUnion(b.box, refBox);
        });
        const double iou = intersectionOverUnion(best->box, refBox);
        worstIoU = std::min(worstIoU, iou);
        QVERIFY2(iou >= 0.95, qPrintable(QStringLiteral("%1: box IoU %2").arg(pic.name).arg(iou)));
        QVERIFY(best->landmarks.valid && best->expressions.valid);
        QCOMPARE(best->expressions.embedding.size(), size_t(256));
        const QJsonArray lm = o.value(QStringLiteral("landmarks")).toArray();
        double error = 0;
        for (int p = 0; p < 68; ++p)
          error += std::hypot(best->landmarks.points[p].x - lm[2 * p].toDouble(), best->landmarks.points[p].y - lm[2 * p + 1].toDouble());
        error /= 68;
        if (std::min(refBox.width, refBox.height) >= 80) {
          worstLandmarkPx = std::max(worstLandmarkPx, error);
          QVERIFY2(error <= 1.0, qPrintable(QStringLiteral("%1: landmark error %2 px").arg(pic.name).arg(error)));
          ++largeFaces;
        }
        const QJsonArray ex = o.value(QStringLiteral("expressions")).toArray();
        for (int e = 0; e < kExpressionCount; ++e) {
          const double d = std::abs(best->expressions.probabilities[e] - ex[e].toDouble());
          worstExpression = std::max(worstExpression, d);
          QVERIFY2(d <= 0.01, qPrintable(QStringLiteral("%1: %2 differs by %3").arg(pic.name, QLatin1String(kExpressionNames[e])).arg(d)));
        }
        ++faces;
      }
    }
    QVERIFY(faces > 0 && largeFaces > 0);
    qInfo("face-api parity over %zu pictures, %d faces (%d >= 80 px): worst box IoU %.7f, worst mean landmark "
          "error %.5f px, worst expression difference %.2e",
          pictures.size(), faces, largeFaces, worstIoU, worstLandmarkPx, worstExpression);
    qInfo("ms per full-size photo on %d threads: detection %.1f, landmarks %.1f, expressions %.1f (face-api wasm, all "
          "three: %.1f)",
          at::get_num_threads(), detMs / timed, lmMs / timed, exMs / timed, refMs / timed);
  }

  // Batched faces give what each face gives alone; the tensor input gives what RGB24 gives.
  void batchingAndInputForms() {
    const Picture pic = halved(decode(QStringLiteral(STF2M_FACE_PHOTOS "/sample1.jpg")));
    TinyFaceDetector detector = loadTinyFaceDetector(modelDir_.toStdString());
    FaceLandmarkNet landmarks = loadFaceLandmarkNet(modelDir_.toStdString());
    const std::vector<FaceBox> boxes = detector->detect(pic.view());
    QVERIFY(boxes.size() >= 2);
    const torch::Tensor hwc =
        torch::from_blob(const_cast<uint8_t*>(pic.rgb.data()), {pic.height, pic.width, 3}, torch::kUInt8).to(torch::kFloat32);
    const std::vector<FaceBox> fromTensor = detector->detect(hwc);
    QCOMPARE(fromTensor.size(), boxes.size());
    for (size_t i = 0; i < boxes.size(); ++i) QVERIFY(intersectionOverUnion(fromTensor[i], boxes[i]) > 0.99999);
    const std::vector<FaceLandmarks68> all = landmarks->detect(pic.view(), boxes);
    for (size_t i = 0; i < boxes.size(); ++i) {
      const FaceLandmarks68 one = landmarks->detect(pic.view(), {boxes[i]}).front();
      for (int p = 0; p < 68; ++p) QVERIFY(std::abs(one.points[p].x - all[i].points[p].x) < 1e-3);
    }
    // A box wholly outside the picture has nothing to read; the others are unaffected.
    FaceBox outside{double(pic.width) + 10, 0, 50, 50, 0.9};
    const std::vector<FaceLandmarks68> mixed = landmarks->detect(pic.view(), {outside, boxes[0]});
    QVERIFY(!mixed[0].valid && mixed[1].valid);
    QVERIFY(std::abs(mixed[1].points[30].y - all[0].points[30].y) < 1e-3);
  }

  void analyseBoxesIsThePipelineWithoutTheDetector() {
    // The landmark refit of tracking (FacePipeline::analyseBoxes) on the detector's own boxes
    // gives exactly what analyse gives; each result keeps the box it was given.
    const Picture pic = halved(decode(QStringLiteral(STF2M_FACE_PHOTOS "/sample1.jpg")));
    FacePipeline pipeline(FacePipelineOptions{modelDir_.toStdString()});
    const std::vector<FaceAnalysis> detected = pipeline.analyse(pic.view());
    QVERIFY(detected.size() >= 2);
    std::vector<FaceBox> boxes;
    for (const FaceAnalysis& a : detected) boxes.push_back(a.box);
    FaceTimings t;
    const std::vector<FaceAnalysis> refitted = pipeline.analyseBoxes(pic.view(), boxes, &t);
    QCOMPARE(refitted.size(), detected.size());
    QCOMPARE(t.detectionMs, 0.0);
    QVERIFY(t.landmarksMs > 0 && t.expressionsMs > 0);
    for (size_t i = 0; i < boxes.size(); ++i) {
      QCOMPARE(refitted[i].box.x, boxes[i].x);
      QVERIFY(refitted[i].landmarks.valid && refitted[i].expressions.valid);
      for (int p = 0; p < 68; ++p) {
        QVERIFY(std::abs(refitted[i].landmarks.points[p].x - detected[i].landmarks.points[p].x) < 1e-4);
        QVERIFY(std::abs(refitted[i].landmarks.points[p].y - detected[i].landmarks.points[p].y) < 1e-4);
      }
      for (int e = 0; e < kExpressionCount; ++e)
        QVERIFY(std::abs(refitted[i].expressions.probabilities[e] - detected[i].expressions.probabilities[e]) < 1e-5);
    }
    QVERIFY(pipeline.analyseBoxes(pic.view(), {}).empty());
  }

  void badInputsAreNamed() {
    TinyFaceDetector detector = loadTinyFaceDetector(modelDir_.toStdString());
    const std::vector<uint8_t> pixels(64 * 48 * 3, 128);
    QVERIFY(capture([&] { (void)detector->detect(RgbImageView{pixels.data(), 64, 48, 64 * 3}, {100}); })
                .is(ErrorCode::InvalidArgument));
    QVERIFY(capture([&] { (void)detector->detect(RgbImageView{pixels.data(), 64, 48, 10}); }).is(ErrorCode::InvalidArgument));
    QVERIFY(capture([&] { (void)detector->detect(torch::zeros({2, 48, 64})); }).is(ErrorCode::InvalidArgument));
    QVERIFY(detector->detect(RgbImageView{pixels.data(), 64, 48, 64 * 3}).empty());  // flat grey: no face
    // Another model's weights are refused with the tensor named.
    const Thrown t = capture([&] {
      (void)TinyFaceDetector(loadTfjsWeights((modelDir_ + QStringLiteral("/face_expression_model-weights_manifest.json")).toStdString()));
    });
    QVERIFY2(t.is(ErrorCode::CorruptData), qPrintable(t.describe()));
    QVERIFY(capture([&] { FacePipeline p(FacePipelineOptions{modelDir_.toStdString(), "gpu:7"}); }).is(ErrorCode::InvalidArgument));
  }
};

QTEST_GUILESS_MAIN(TestFaceParity)
#include "test_face_parity.moc"
