// The learning engine end to end on a small synthetic benchmark: train -> eval -> adapt ->
// predict, with determinism from the seed (two runs, and a cancelled-then-resumed run, give
// bit-identical weights). Labelled slow: several short meta-trainings.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <fstream>

#include <unistd.h>

#include "common/json.h"
#include "dataset/episodes.h"
#include "dataset/feature_dataset.h"
#include "dataset/synth.h"
#include "model/engine.h"
#include "model/model_file.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::model;
using stf2m::test::capture;

namespace {

// `v` without the object members for which `drop(path)` is true (path: the keys from the root
// joined by '/').
Json copyJson(const Json& v, const std::string& path, const std::function<bool(const std::string&)>& drop) {
  if (v.is_object()) {
    Json out = Json::object();
    for (const auto& [k, item] : v.items())
      if (!drop(path + "/" + k)) out[k] = copyJson(item, path + "/" + k, drop);
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& item : v) out.push_back(copyJson(item, path, drop));
    return out;
  }
  return v;
}

// A copy of the model file `from` as written before the config `settings` existed: the same
// weights, the card's config without them.
void writeWithoutSettings(const std::string& from, const std::string& to, const std::set<std::string>& settings) {
  const ModelFile file = readModelFile(from);
  writeModelFile(to, file.tensors, [&](Json& json) {
    for (const auto& [k, item] : file.card.value().items()) {
      if (k == "format" || k == "format_version" || k == "weights_sha256" || k == "weights_bytes" ||
          k == "tensor_count")
        continue;  // writeModelFile writes these
      json[k] = copyJson(item, "/" + k, [&](const std::string& path) {
        return path.rfind("/config/", 0) == 0 && settings.count(path.substr(8));
      });
    }
  });
}

// The split of writeSmallBenchmark: 5 test classes, 1 val class (too few for 5-way validation).
const char* const kFiveTestClasses =
    "{\"test_class_fraction\": 0.45, \"val_class_fraction\": 0.1, \"test_subject_fraction\": 0.3, "
    "\"val_subject_fraction\": 0.2}";

// A small synthetic benchmark (10 subjects, 12 classes, seed `seed`) in DIR/data and a tiny
// training config in DIR/config.json with split `split` and `queries` per class; `extra` adds keys.
std::string writeSmallBenchmark(const std::filesystem::path& dir, uint64_t seed, int iterations,
                                const std::string& extra = "", const std::string& split = kFiveTestClasses,
                                int queries = 5) {
  std::filesystem::remove_all(dir);
  dataset::SynthParams p;
  p.subjects = 10, p.classes = 12, p.clipsPerClass = 20, p.seed = seed;
  dataset::writeSynthetic(dataset::generateSynthetic(p), (dir / "data").string());
  const std::string config = (dir / "config.json").string();
  std::ofstream out(config);
  out << "{\"hidden\": 16, \"embedding\": 16, \"group_channels\": 4, \"iterations\": " << iterations
      << ", \"validate_every\": " << (iterations + 1) / 2
      << ", \"validation_episodes\": 4, \"checkpoint_every\": 5, \"queries\": " << queries << ", \"split\": " << split << extra << "}";
  return config;
}

}  // namespace

class TestModelEngine : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // A small synthetic benchmark, a short meta-training, and the whole command chain; twice with
  // the same seed to check the numbers repeat exactly.
  void engineEndToEndIsDeterministic() {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("stf2m_model_e2e_" + std::to_string(::getpid()));
    const std::string config = writeSmallBenchmark(dir, 3, 12);
    auto train = [&](const std::string& out, int iterations, bool resume, int cancelAt = 0) {
      TrainRequest r;
      r.dataDir = (dir / "data").string();
      r.outPath = (dir / out).string();
      r.configPath = config;
      r.iterations = iterations;
      r.resume = resume;
      r.device = "cpu";
      CancelToken cancel;
      return trainModel(r, &cancel, [&](const TrainProgress& report) {
        if (report.iteration == cancelAt) cancel.cancel();
      });
    };
    const TrainSummary a = train("a.stf2m", 12, false);
    QCOMPARE(a.iterations, 12);
    QVERIFY(a.parameters > 1000);
    train("b.stf2m", 12, false);
    QCOMPARE(readModelCardText((dir / "a.stf2m").string()).find("weights_sha256") != std::string::npos, true);
    auto sha = [&](const std::string& f) {
      const std::string card = readModelCardText((dir / f).string());
      const auto at = card.find("weights_sha256");
      return card.substr(at, 90);
    };
    QCOMPARE(sha("a.stf2m"), sha("b.stf2m"));
    // Cancelling after 5 iterations and resuming gives the uninterrupted run's weights.
    QVERIFY(capture([&] { train("c.stf2m", 12, false, 5); }).is(ErrorCode::Cancelled));
    QVERIFY(!fs::exists(dir / "c.stf2m"));
    const TrainSummary resumed = train("c.stf2m", 12, true);
    QCOMPARE(resumed.startIteration, 5);
    QCOMPARE(sha("c.stf2m"), sha("a.stf2m"));

    // The checkpoint is a model file of its own kind (read without LibTorch's archive reader).
    const std::string checkpoint = (dir / "c.stf2m.checkpoint").string();
    QVERIFY(readModelCardText(checkpoint).find("\"training-checkpoint\"") != std::string::npos);
    // Resuming from a checkpoint that does not fit is an error naming it, before any training.
    auto resumeWith = [&](const std::function<void(TrainRequest&)>& change) {
      TrainRequest r;
      r.dataDir = (dir / "data").string();
      r.outPath = (dir / "c.stf2m").string();
      r.configPath = config;
      r.iterations = 12;
      r.resume = true;
      r.device = "cpu";
      change(r);
      return capture([&] { trainModel(r); });
    };
    const auto otherSeed = resumeWith([](TrainRequest& r) { r.seed = 99; });
    QVERIFY2(otherSeed.is(ErrorCode::InvalidArgument) && otherSeed.subject == checkpoint &&
                 otherSeed.what.find("different configuration") != std::string::npos,
             qPrintable(otherSeed.describe()));
    const std::string good = [&] {
      std::ifstream in(checkpoint, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    auto writeCheckpoint = [&](const std::string& bytes) {
      std::ofstream(checkpoint, std::ios::binary | std::ios::trunc) << bytes;
    };
    std::string damaged = good;
    damaged[damaged.size() - 9] ^= 0x40;  // a weight's bit, under the card's checksum
    writeCheckpoint(damaged);
    const auto corrupt = resumeWith([](TrainRequest&) {});
    QVERIFY2(corrupt.is(ErrorCode::CorruptData) && corrupt.subject == checkpoint, qPrintable(corrupt.describe()));
    writeCheckpoint(std::string("PK\x03\x04", 4) + std::string(200, '\0'));  // an archive of the earlier format
    const auto archive = resumeWith([](TrainRequest&) {});
    QVERIFY2(archive.is(ErrorCode::InvalidArgument) && archive.what.find("earlier version") != std::string::npos,
             qPrintable(archive.describe()));
    writeCheckpoint(good);
    // --resume without a checkpoint (a launcher's first start) starts at 0 and says so.
    TrainRequest fresh;
    fresh.dataDir = (dir / "data").string();
    fresh.outPath = (dir / "d.stf2m").string();
    fresh.configPath = config;
    fresh.iterations = 12;
    fresh.resume = true;
    fresh.device = "cpu";
    std::string notices;
    const TrainSummary started = trainModel(fresh, nullptr, [&](const TrainProgress& p) { notices += p.notice; });
    QCOMPARE(started.startIteration, 0);
    QVERIFY2(notices.find("no checkpoint") != std::string::npos, notices.c_str());
    QCOMPARE(sha("d.stf2m"), sha("a.stf2m"));

    EvalRequest e;
    e.dataDir = (dir / "data").string();
    e.modelPath = (dir / "a.stf2m").string();
    e.shots = {1, 5};
    e.queries = 5;
    e.episodes = 10;
    e.device = "cpu";
    const EvalReport r1 = evaluateModel(e), r2 = evaluateModel(e);
    QCOMPARE(r1.results.size(), size_t(2));
    QCOMPARE(r1.results[1].accuracy, r2.results[1].accuracy);
    QVERIFY(r1.results[1].accuracy > 0.0 && r1.results[1].accuracy <= 1.0);
    QVERIFY(r1.results[1].accuracyCi95 > 0);
    QCOMPARE(r1.method, std::string("stf2m"));
    // The statistics path's ablation, named as such; 1-shot episodes (one clip per class, nothing
    // to cross-validate, so no statistics mixed in) score the same without it.
    e.statisticsPath = false;
    const EvalReport plain = evaluateModel(e);
    QCOMPARE(plain.method, std::string("stf2m-no-statistics"));
    QCOMPARE(plain.results[0].accuracy, r1.results[0].accuracy);
    e.statisticsPath = true;

    // Adapt to the test subjects' clips of three classes, then predict.
    AdaptRequest ar;
    ar.modelPath = e.modelPath;
    ar.supportPath = (dir / "data").string();
    ar.outPath = (dir / "adapted.stf2m").string();
    ar.device = "cpu";
    const AdaptSummary s = adaptModel(ar);
    QCOMPARE(s.classes.size(), size_t(12));
    // The statistics path chose a mix by cross-validation: as many folds as the smallest class has
    // clips, each holding out one clip of every class.
    std::map<std::string, int> clipsPerClass;
    for (const dataset::Clip& clip : dataset::loadDataset(ar.supportPath).clips) ++clipsPerClass[clip.label.dominant()];
    int folds = 1 << 30;
    for (const auto& [name, count] : clipsPerClass) folds = std::min(folds, count);
    QVERIFY(folds >= 2);
    const StatisticsChoice& path = s.statistics;
    QCOMPARE(path.heldOutClips, 12 * folds);
    QCOMPARE(path.heldOutCorrect.size(), path.mixes.size());
    QVERIFY(std::find(path.mixes.begin(), path.mixes.end(), path.mix) != path.mixes.end());
    QCOMPARE(path.chosenCorrect(), *std::max_element(path.heldOutCorrect.begin(), path.heldOutCorrect.end()));
    const PredictReport pr = predictClips(ar.outPath, (dir / "data").string(), "cpu");
    QCOMPARE(pr.clips.size(), size_t(12 * 20));
    double sum = 0;
    for (double x : pr.clips[0].probabilities) sum += x;
    QVERIFY(std::abs(sum - 1) < 1e-6);
    QVERIFY(!pr.clips[0].views.empty());

    // Subject calibration (on in the default config): every subject reported, each with over a
    // minute of features, so its own statistics outweigh the 10 s prior.
    QCOMPARE(s.calibration.size(), size_t(10));
    QCOMPARE(pr.calibration.size(), size_t(10));
    for (const auto& c : pr.calibration) QVERIFY2(c.seconds > 60 && c.weight > 0.85, c.subject.c_str());
    const JsonNode adaptedCard = parseJson(readModelCardText(ar.outPath), ar.outPath);
    QCOMPARE(adaptedCard.at("support").at("calibration_weights").members().size(), size_t(10));
    // The card's block reads back as what adaptModel reported, with who labels in words.
    const StatisticsChoice fromCard = StatisticsChoice::fromCard(readModelCardText(ar.outPath));
    QCOMPARE(fromCard.mix, path.mix);
    QCOMPARE(fromCard.mixes, path.mixes);
    QCOMPARE(fromCard.heldOutCorrect, path.heldOutCorrect);
    QCOMPARE(fromCard.heldOutClips, path.heldOutClips);
    QCOMPARE(adaptedCard.at("statistics_path").at("labelled_by").asString(), path.labelledBy());
    // A model file from before calibration existed loads with it off: no report, other inputs.
    const std::string old = (dir / "adapted-old.stf2m").string();
    writeWithoutSettings(ar.outPath, old, {"subject_calibration", "subject_calibration_prior_s"});
    const PredictReport oldReport = predictClips(old, (dir / "data").string(), "cpu");
    QVERIFY(oldReport.calibration.empty());
    QCOMPARE(oldReport.clips.size(), pr.clips.size());
    QVERIFY(oldReport.clips[0].probabilities != pr.clips[0].probabilities);
    fs::remove_all(dir);
  }

  // A model file from before pre-training and normalised embeddings existed (its card's config
  // lacks both) loads as it was trained, with both off, and predicts exactly as before.
  // `--method pooled`: nothing meta-trained (0 iterations, no weights), a model file like any
  // other that evaluates, on whole clips too, far above chance on the synthetic benchmark.
  void pooledFloorTrainsInNoTimeAndEvaluates() {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("stf2m_model_pooled_" + std::to_string(::getpid()));
    const std::string config = writeSmallBenchmark(dir, 4, 50);
    TrainRequest r;
    r.dataDir = (dir / "data").string();
    r.outPath = (dir / "pooled.stf2m").string();
    r.configPath = config;
    r.method = Method::Pooled;
    r.device = "cpu";
    const TrainSummary t = trainModel(r, nullptr, {});
    QCOMPARE(t.iterations, 0);
    QCOMPARE(t.parameters, int64_t(0));
    QVERIFY(!fs::exists(dir / "pooled.stf2m.checkpoint"));
    QVERIFY(readModelCardText(r.outPath).find("\"method\": \"pooled\"") != std::string::npos);
    EvalRequest e;
    e.dataDir = r.dataDir;
    e.modelPath = r.outPath;
    e.shots = {3};
    e.queries = 2;
    e.episodes = 40;
    e.wholeClips = true;
    e.device = "cpu";
    const EvalReport report = evaluateModel(e, nullptr, {});
    QCOMPARE(report.method, std::string("pooled"));
    QVERIFY2(report.results.at(0).clipAccuracy > 0.4, qPrintable(QString::number(report.results.at(0).clipAccuracy)));
    fs::remove_all(dir);
  }

  void filesFromBeforeNormalisedEmbeddingsLoadAsTrained() {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("stf2m_model_legacy_" + std::to_string(::getpid()));
    const std::string config =
        writeSmallBenchmark(dir, 5, 4, ", \"pretrain_fraction\": 0, \"normalise_embeddings\": false");
    TrainRequest t;
    t.dataDir = (dir / "data").string();
    t.outPath = (dir / "model.stf2m").string();
    t.configPath = config;
    t.device = "cpu";
    trainModel(t);
    const std::string old = (dir / "old.stf2m").string();
    writeWithoutSettings(t.outPath, old, {"pretrain_fraction", "normalise_embeddings"});
    QVERIFY(!readModelFile(old).card.at("config").has("normalise_embeddings"));
    EvalRequest e;
    e.dataDir = t.dataDir;
    e.shots = {1};
    e.queries = 5;
    e.episodes = 10;
    e.device = "cpu";
    e.modelPath = t.outPath;
    const EvalReport now = evaluateModel(e);
    e.modelPath = old;
    const EvalReport before = evaluateModel(e);
    QCOMPARE(before.results[0].accuracy, now.results[0].accuracy);
    QCOMPARE(before.results[0].macroF1, now.results[0].macroF1);
    fs::remove_all(dir);
  }

  // The shipped default meta-model: its card carries exactly the committed config, and it does
  // far better than chance (0.2) on 5-way 5-shot episodes of novel classes and unseen subjects.
  void shippedDefaultModelMatchesItsConfig() {
    namespace fs = std::filesystem;
    const std::string models = std::string(STF2M_SOURCE_DIR) + "/resources/models/";
    const JsonNode card = parseJson(readModelCardText(models + "default.stf2m"), "default.stf2m");
    QCOMPARE(QString::fromStdString(card.at("kind").asString()), QStringLiteral("meta"));
    QCOMPARE(QString::fromStdString(card.at("method").asString()), QStringLiteral("stf2m"));
    const std::string fromCard = dumpJson(ModelConfig::fromJson(card.at("config")).toJson());
    const std::string fromConfig = dumpJson(ModelConfig::fromFile(models + "default.json").toJson());
    QCOMPARE(QString::fromStdString(fromCard), QString::fromStdString(fromConfig));
    const fs::path dir = fs::temp_directory_path() / ("stf2m_default_model_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    dataset::writeSynthetic(dataset::generateSynthetic(dataset::SynthParams{}), dir.string());
    EvalRequest e;
    e.dataDir = dir.string();
    e.modelPath = models + "default.stf2m";
    e.shots = {5};
    e.episodes = 30;
    e.device = "cpu";
    const EvalReport r = evaluateModel(e);
    qInfo("default model, 5-way 5-shot, 30 episodes: %.2f +- %.2f %%", 100 * r.results[0].accuracy,
          100 * r.results[0].accuracyCi95);
    QVERIFY(r.results[0].accuracy > 0.3);
    fs::remove_all(dir);
  }

  // Validation episodes take the config's shape where the val part can fill it, fewer queries per
  // class where it cannot, and none where not even one query fits; the run says which up front
  // (one notice, with the first progress report) and in its summary and card.
  void validationFitsTheValPart_data() {
    QTest::addColumn<int>("queries");
    QTest::addColumn<bool>("fiveValClasses");
    QTest::addColumn<QString>("expected");  // "full", "fewer" or "none"
    QTest::newRow("val part fills the episodes") << 5 << true << QStringLiteral("full");
    QTest::newRow("too few views for the queries") << 40 << true << QStringLiteral("fewer");
    QTest::newRow("too few val classes") << 5 << false << QStringLiteral("none");
  }
  void validationFitsTheValPart() {
    QFETCH(int, queries);
    QFETCH(bool, fiveValClasses);
    QFETCH(QString, expected);
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("stf2m_model_val_shape_" + std::to_string(::getpid()));
    const std::string split = fiveValClasses ? "{\"test_class_fraction\": 0.1, \"val_class_fraction\": 0.45, "
                                               "\"test_subject_fraction\": 0.2, \"val_subject_fraction\": 0.3}"
                                             : kFiveTestClasses;
    const std::string config = writeSmallBenchmark(dir, 5, 2, ", \"train_shots\": [1]", split, queries);
    TrainRequest t;
    t.dataDir = (dir / "data").string();
    t.outPath = (dir / "m.stf2m").string();
    t.configPath = config;
    t.device = "cpu";
    std::vector<TrainProgress> reports;
    const TrainSummary summary = trainModel(t, nullptr, [&](const TrainProgress& p) { reports.push_back(p); });
    const JsonNode metrics = readModelFile(t.outPath).card.at("metrics");
    QCOMPARE(int(metrics.at("validation_queries").asInt()), summary.validationQueries);
    QCOMPARE(metrics.has("validation_note"), !summary.validationNote.empty());
    QVERIFY(!reports.empty());
    int notices = 0;
    for (const TrainProgress& p : reports) notices += !p.notice.empty();
    QCOMPARE(notices, summary.validationNote.empty() ? 0 : 1);
    if (notices) QCOMPARE(reports.front().notice, summary.validationNote);
    if (expected == QLatin1String("none")) {
      QCOMPARE(summary.validationQueries, 0);
      QVERIFY(summary.validationAccuracy < 0);
      QVERIFY2(summary.validationNote.find("without validation") != std::string::npos, summary.validationNote.c_str());
      QVERIFY2(summary.validationNote.find("the val part has 1 classes") != std::string::npos, summary.validationNote.c_str());
      fs::remove_all(dir);
      return;
    }
    QVERIFY(summary.validationAccuracy >= 0);
    if (expected == QLatin1String("full")) {
      QCOMPARE(summary.validationQueries, queries);
      QVERIFY(summary.validationNote.empty());
      fs::remove_all(dir);
      return;
    }
    const int q = summary.validationQueries;
    QVERIFY(q >= 1 && q < queries);
    QVERIFY2(summary.validationNote.find("have " + std::to_string(q) + " queries per class, not " +
                                         std::to_string(queries)) != std::string::npos,
             summary.validationNote.c_str());
    // q is the most queries the val part can fill: with one more no 5-way episode can be drawn.
    // (The config's views are the default ones: 2 s windows, 1 s hop, every modality.)
    const dataset::Dataset data = dataset::loadDataset(t.dataDir);
    const dataset::DatasetSplit parts = dataset::splitDataset(data, ModelConfig::fromFile(config).split);
    QVERIFY(!capture([&] { dataset::EpisodeSampler(data, parts, dataset::SplitPart::Val, {5, 1, q}, 0); }).threw);
    const auto oneMore = capture([&] { dataset::EpisodeSampler(data, parts, dataset::SplitPart::Val, {5, 1, q + 1}, 0); });
    QVERIFY2(oneMore.is(ErrorCode::InvalidArgument), qPrintable(oneMore.describe()));
    fs::remove_all(dir);
  }

  // The options with a head over the meta-training classes (global loss, pre-training) end to end:
  // trained through the engine, the head is saved with the weights, the card records the option,
  // and the model loads and evaluates like any other.
  void classHeadModelTrainsAndLoads_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("pretraining");
    QTest::newRow("global loss") << QStringLiteral("global_loss_weight") << 0.5 << false;
    QTest::newRow("pre-training") << QStringLiteral("pretrain_fraction") << 0.5 << true;
  }
  void classHeadModelTrainsAndLoads() {
    QFETCH(QString, key);
    QFETCH(double, value);
    QFETCH(bool, pretraining);
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("stf2m_model_class_head_" + std::to_string(::getpid()));
    const std::string config =
        writeSmallBenchmark(dir, 4, 4,
                            ", \"" + key.toStdString() + "\": " + QString::number(value).toStdString() +
                                (pretraining ? "" : ", \"pretrain_fraction\": 0"));
    TrainRequest t;
    t.dataDir = (dir / "data").string();
    t.outPath = (dir / "global.stf2m").string();
    t.configPath = config;
    t.device = "cpu";
    const TrainSummary summary = trainModel(t);
    const ModelFile file = readModelFile(t.outPath);
    QCOMPARE(file.card.at("config").at(key.toStdString()).asNumber(), value);
    // Pre-training iterations are timed apart from the meta-training iterations.
    QVERIFY(summary.secondsPerIteration > 0);
    QCOMPARE(summary.secondsPerPretrainIteration > 0, pretraining);
    QCOMPARE(file.card.at("training").has("seconds_per_pretrain_iteration"), pretraining);
    const auto classes = int64_t(file.card.at("label_set").items().size());
    int64_t headRows = -1;
    for (const auto& [name, tensor] : file.tensors)
      if (name == "param.global_head.weight") headRows = tensor.size(0);
    QCOMPARE(headRows, classes);
    EvalRequest e;
    e.dataDir = t.dataDir;
    e.modelPath = t.outPath;
    e.shots = {1};
    e.queries = 5;
    e.episodes = 5;
    e.device = "cpu";
    QVERIFY(evaluateModel(e).results[0].accuracy > 0.0);
    fs::remove_all(dir);
  }
};

QTEST_GUILESS_MAIN(TestModelEngine)
#include "test_model_engine.moc"
