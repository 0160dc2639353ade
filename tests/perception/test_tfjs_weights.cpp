// TF.js weight loading against TensorFlow.js itself: every tensor of every face-api manifest,
// decoded by tf.io.decodeWeights in Node (tfjs_decode_reference.js), must come out of our loader
// with the same name, shape and values. Plus the error paths and the layout converters.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cmath>
#include <string>

#include "perception/model_locator.h"
#include "perception/tfjs_weights.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::perception;
using namespace stf2m::test;

class TestTfjsWeights : public QObject {
  Q_OBJECT

  QString modelDir_;
  QTemporaryDir tmp_;

  // A copy of one manifest and its shard in a scratch folder, for damaging.
  QString copyModel(const QString& stem, const QString& to) {
    QDir().mkpath(to);
    for (const QString& f : {stem + QStringLiteral("-weights_manifest.json"), stem + QStringLiteral(".bin")})
      if (!QFile::copy(modelDir_ + QLatin1Char('/') + f, to + QLatin1Char('/') + f)) return {};
    return to + QLatin1Char('/') + stem + QStringLiteral("-weights_manifest.json");
  }

 private Q_SLOTS:
  void initTestCase() {
    const Thrown t = capture([&] { modelDir_ = QString::fromStdString(findFaceModelDir()); });
    QVERIFY2(!t.threw, qPrintable(t.describe()));
  }

  void matchesTensorFlowJs() {
    QProcess node;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), QStringLiteral(STF2M_NODE_MODULES));
    node.setProcessEnvironment(env);
    node.start(QStringLiteral("node"), {QStringLiteral(STF2M_TFJS_REFERENCE), modelDir_});
    QVERIFY2(node.waitForFinished(120000), "node did not finish");
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    const QJsonObject ref = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
    QCOMPARE(ref.size(), 7);

    int tensors = 0;
    double totalMs = 0;
    for (auto m = ref.begin(); m != ref.end(); ++m) {
      const std::string manifest = (modelDir_ + QLatin1Char('/') + m.key()).toStdString();
      TfjsWeights w;
      const auto start = std::chrono::steady_clock::now();
      const Thrown t = capture([&] { w = loadTfjsWeights(manifest); });
      totalMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      QVERIFY2(!t.threw, qPrintable(t.describe()));
      const QJsonObject expected = m.value().toObject();
      QCOMPARE(qsizetype(w.tensors.size()), expected.size());
      for (auto e = expected.begin(); e != expected.end(); ++e) {
        const auto it = w.tensors.find(e.key().toStdString());
        QVERIFY2(it != w.tensors.end(), qPrintable(e.key()));
        const torch::Tensor& got = it->second;
        const QJsonObject spec = e.value().toObject();
        std::vector<int64_t> shape;
        for (const auto& d : spec.value(QStringLiteral("shape")).toArray()) shape.push_back(d.toInteger());
        QCOMPARE(got.sizes().vec(), shape);
        const float* v = got.data_ptr<float>();
        for (const auto& pick : spec.value(QStringLiteral("picks")).toArray()) {
          const qint64 i = pick.toArray().at(0).toInteger();
          QCOMPARE(v[i], float(pick.toArray().at(1).toDouble()));  // bit-identical dequantisation
        }
        double sum = 0;
        for (int64_t i = 0; i < got.numel(); ++i) sum += v[i];
        QVERIFY2(std::abs(sum - spec.value(QStringLiteral("sum")).toDouble()) <= 1e-9 * std::max(1.0, std::abs(sum)),
                 qPrintable(e.key()));
        ++tensors;
      }
    }
    qInfo("%d tensors in 7 manifests equal TensorFlow.js's decoding; loading all took %.1f ms", tensors, totalMs);
    QVERIFY(tensors > 400);
  }

  void damagedFilesAreNamed() {
    const QString dir = tmp_.filePath(QStringLiteral("damaged"));
    const QString manifest = copyModel(QStringLiteral("tiny_face_detector_model"), dir);
    QVERIFY(!manifest.isEmpty());
    const QString bin = dir + QStringLiteral("/tiny_face_detector_model.bin");
    // Truncated shard: the error names the manifest and the first tensor that no longer fits.
    QFile::resize(bin, 150000);
    Thrown t = capture([&] { (void)loadTfjsWeights(manifest.toStdString()); });
    QVERIFY2(t.is(ErrorCode::CorruptData), qPrintable(t.describe()));
    QVERIFY(QString::fromStdString(t.what).contains(QStringLiteral("tensor conv")));
    QVERIFY(QString::fromStdString(t.what).contains(QStringLiteral("truncated")));
    // Missing shard.
    QFile::remove(bin);
    t = capture([&] { (void)loadTfjsWeights(manifest.toStdString()); });
    QVERIFY2(t.is(ErrorCode::FileNotFound), qPrintable(t.describe()));
    QVERIFY(QString::fromStdString(t.what).contains(QStringLiteral("tiny_face_detector_model.bin")));
    // A shard that is too long belongs to another model.
    QVERIFY(QFile::copy(modelDir_ + QStringLiteral("/face_expression_model.bin"), bin));
    t = capture([&] { (void)loadTfjsWeights(manifest.toStdString()); });
    QVERIFY2(t.is(ErrorCode::CorruptData), qPrintable(t.describe()));
    // Malformed manifest: ParseError with its line.
    QFile f(manifest);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("[{\"paths\": [\"tiny_face_detector_model.bin\"],\n \"weights\": [{\"name\": \"x\" \"shape\": [1]}]}]");
    f.close();
    t = capture([&] { (void)loadTfjsWeights(manifest.toStdString()); });
    QVERIFY2(t.is(ErrorCode::ParseError), qPrintable(t.describe()));
    QVERIFY(QString::fromStdString(t.what).contains(QStringLiteral("line 2")));
    // Shards must be files beside the manifest: no parent folder, no absolute path, no sub-folder.
    for (const char* shard : {"../tiny_face_detector_model.bin", "/etc/hostname", "sub/x.bin", ".."}) {
      QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
      // std::string, not QByteArray + const char*: that instantiates QByteArray::append(const char*)
      // in this program, which the Qt 5 library LibTorch pulls in binds to (a crash at start-up).
      const std::string text = std::string("[{\"paths\": [\"") + shard + "\"], \"weights\": []}]";
      f.write(text.data(), static_cast<qint64>(text.size()));
      f.close();
      t = capture([&] { (void)loadTfjsWeights(manifest.toStdString()); });
      QVERIFY2(t.is(ErrorCode::CorruptData), qPrintable(t.describe()));
      QVERIFY2(QString::fromStdString(t.what).contains(QStringLiteral("the manifest's own folder")), qPrintable(t.describe()));
    }
    // Integer storage without its quantisation (scale and min) is refused, not read as floats.
    QVERIFY(QFile::copy(modelDir_ + QStringLiteral("/tiny_face_detector_model.bin"), bin) || QFile::exists(bin));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("[{\"paths\": [\"tiny_face_detector_model.bin\"], \"weights\": [{\"name\": \"q\", \"shape\": [4], \"dtype\": \"uint8\"}]}]");
    f.close();
    t = capture([&] { (void)loadTfjsWeights(manifest.toStdString()); });
    QVERIFY2(t.is(ErrorCode::CorruptData), qPrintable(t.describe()));
    QVERIFY2(QString::fromStdString(t.what).contains(QStringLiteral("without a quantization")), qPrintable(t.describe()));
  }

  void shapeCheckAndLocator() {
    const QString dir = tmp_.filePath(QStringLiteral("located"));
    const QString manifest = copyModel(QStringLiteral("tiny_face_detector_model"), dir);
    qputenv("STF2M_FACE_MODELS", dir.toLocal8Bit());
    QCOMPARE(QString::fromStdString(findFaceModelDir()), dir);
    qunsetenv("STF2M_FACE_MODELS");
    const TfjsWeights w = loadTfjsWeights(manifest.toStdString());
    QCOMPARE(w.get("conv0/filters", {3, 3, 3, 16}).size(3), int64_t(16));
    const Thrown t = capture([&] { (void)w.get("conv0/filters", {3, 3, 3, 32}); });
    QVERIFY2(t.is(ErrorCode::CorruptData), qPrintable(t.describe()));
    QVERIFY(QString::fromStdString(t.what).contains(QStringLiteral("expected [3, 3, 3, 32]")));
    QVERIFY(capture([&] { (void)w.get("no/such", {1}); }).is(ErrorCode::CorruptData));
  }

  // TF's layouts against PyTorch's, through the convolutions themselves.
  void layoutConverters() {
    torch::manual_seed(3);
    const torch::Tensor nhwc = torch::randn({1, 7, 6, 4});
    const torch::Tensor nchw = nhwc.permute({0, 3, 1, 2});
    // conv2d: out[o] = sum_{i,h,w} x[i, y+h, x+w] * k[h, w, i, o]  (HWIO)
    const torch::Tensor hwio = torch::randn({3, 3, 4, 5});
    const torch::Tensor ours = torch::conv2d(nchw, conv2dWeightFromHwio(hwio));
    const torch::Tensor manual = torch::einsum("nhwi,hwio->no", {nhwc.index({torch::indexing::Slice(), torch::indexing::Slice(0, 3), torch::indexing::Slice(0, 3)}), hwio});
    QVERIFY(torch::allclose(ours.index({torch::indexing::Slice(), torch::indexing::Slice(), 0, 0}), manual, 1e-5, 1e-5));
    // depthwise, multiplier 2: output channel c*2+m uses input channel c and k[h, w, c, m].
    const torch::Tensor hwim = torch::randn({3, 3, 4, 2});
    const torch::Tensor dw = torch::conv2d(nchw, depthwiseWeightFromTf(hwim), torch::Tensor(), at::IntArrayRef{1}, at::IntArrayRef{0}, at::IntArrayRef{1}, 4);
    for (int c = 0; c < 4; ++c)
      for (int m = 0; m < 2; ++m) {
        const float expect = (nhwc.index({0, torch::indexing::Slice(0, 3), torch::indexing::Slice(0, 3), c}) *
                              hwim.index({torch::indexing::Slice(), torch::indexing::Slice(), c, m})).sum().item<float>();
        QVERIFY(std::abs(dw.index({0, c * 2 + m, 0, 0}).item<float>() - expect) < 1e-4);
      }
  }
};

QTEST_GUILESS_MAIN(TestTfjsWeights)
#include "test_tfjs_weights.moc"
