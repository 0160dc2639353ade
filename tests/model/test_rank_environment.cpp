// Which rank a process is, from the variables torchrun, srun, Open MPI and MPICH set
// (model/rank_environment.h): every launcher's variables, Slurm node lists, and each malformed
// or missing variable named in the error.
#include <QtTest>

#include <map>
#include <string>

#include "model/rank_environment.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::model;
using stf2m::test::capture;

namespace {

using Variables = std::map<std::string, std::string>;

RankEnvironment read(const Variables& variables) {
  return rankEnvironment([&](const char* name) -> const char* {
    const auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  });
}

}  // namespace

class TestRankEnvironment : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void noLauncherIsOneProcess() {
    const RankEnvironment env = read({{"PATH", "/usr/bin"}, {"MASTER_ADDR", "somewhere"}});
    QCOMPARE(env.launcher, std::string("none"));
    QCOMPARE(env.rank, 0);
    QCOMPARE(env.world, 1);
    QVERIFY(env.masterAddress.empty());
  }

  void torchrun() {
    const RankEnvironment env = read({{"RANK", "3"}, {"WORLD_SIZE", "4"}, {"LOCAL_RANK", "1"},
                                      {"MASTER_ADDR", "10.0.0.5"}, {"MASTER_PORT", "29400"}});
    QCOMPARE(env.launcher, std::string("torchrun"));
    QCOMPARE(env.rank, 3);
    QCOMPARE(env.world, 4);
    QCOMPARE(env.localRank, 1);
    QCOMPARE(env.masterAddress, std::string("10.0.0.5"));
    QCOMPARE(int(env.masterPort), 29400);
  }

  // Under torchrun's agent (its own store at MASTER_PORT), the ranks join that store, under the
  // prefix of the start the agent counts.
  void torchrunAgentStore() {
    const RankEnvironment env = read({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "127.0.0.1"},
                                      {"MASTER_PORT", "29500"}, {"TORCHELASTIC_USE_AGENT_STORE", "True"},
                                      {"TORCHELASTIC_RESTART_COUNT", "2"}});
    QVERIFY(env.agentStore);
    QCOMPARE(env.attempt, 2);
    QVERIFY(!read({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "1"}}).agentStore);
    QVERIFY(!read({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "1"},
                   {"TORCHELASTIC_USE_AGENT_STORE", "False"}}).agentStore);
  }

  void worldOfOneNeedsNoMaster() {
    const RankEnvironment env = read({{"RANK", "0"}, {"WORLD_SIZE", "1"}});
    QCOMPARE(env.world, 1);
    QVERIFY(env.masterAddress.empty());
    QCOMPARE(int(env.masterPort), 0);
  }

  // srun: the master is the first host of the step's node list, the port from the job id.
  void slurm() {
    const RankEnvironment env = read({{"SLURM_PROCID", "5"}, {"SLURM_STEP_NUM_TASKS", "8"}, {"SLURM_LOCALID", "1"},
                                      {"SLURM_STEP_NODELIST", "gpu[07-09,12],cpu3"}, {"SLURM_JOB_NODELIST", "x[1-9]"},
                                      {"SLURM_JOB_ID", "4312987"}});
    QCOMPARE(env.launcher, std::string("slurm"));
    QCOMPARE(env.rank, 5);
    QCOMPARE(env.world, 8);
    QCOMPARE(env.localRank, 1);
    QCOMPARE(env.masterAddress, std::string("gpu07"));
    QCOMPARE(int(env.masterPort), 20000 + 2987);
    const RankEnvironment given = read({{"SLURM_PROCID", "0"}, {"SLURM_STEP_NUM_TASKS", "2"},
                                        {"SLURM_JOB_NODELIST", "n1,n2"}, {"MASTER_ADDR", "head"}, {"MASTER_PORT", "3000"}});
    QCOMPARE(given.masterAddress, std::string("head"));
    QCOMPARE(int(given.masterPort), 3000);
  }

  // A batch script's shell has SLURM_PROCID but is not a task of an srun step.
  void slurmBatchShellIsOneProcess() {
    const RankEnvironment env = read({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "4"}, {"SLURM_JOB_NODELIST", "n[1-4]"}});
    QCOMPARE(env.launcher, std::string("none"));
    QCOMPARE(env.world, 1);
  }

  void nodeLists_data() {
    QTest::addColumn<QString>("list");
    QTest::addColumn<QString>("first");
    QTest::newRow("one host") << "node17" << "node17";
    QTest::newRow("hosts") << "a1,b2" << "a1";
    QTest::newRow("range") << "node[07-09]" << "node07";
    QTest::newRow("list in brackets") << "node[3,5-6]" << "node3";
    QTest::newRow("range then hosts") << "gpu[010-012],cpu1" << "gpu010";
    QTest::newRow("dashed name") << "rack-a[2-3]" << "rack-a2";
  }
  void nodeLists() {
    QFETCH(QString, list);
    QFETCH(QString, first);
    QCOMPARE(QString::fromStdString(firstHostOfNodeList(list.toStdString(), "SLURM_JOB_NODELIST")), first);
  }

  void badNodeLists_data() {
    QTest::addColumn<QString>("list");
    QTest::newRow("empty") << "";
    QTest::newRow("no name") << "[1-3]";
    QTest::newRow("unclosed") << "node[1-3";
    QTest::newRow("not a number") << "node[a-c]";
    QTest::newRow("empty range") << "node[]";
  }
  void badNodeLists() {
    QFETCH(QString, list);
    const auto t = capture([&] { firstHostOfNodeList(list.toStdString(), "SLURM_JOB_NODELIST"); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));
    QVERIFY2(t.what.find("SLURM_JOB_NODELIST") != std::string::npos, t.what.c_str());
  }

  void mpi() {
    const RankEnvironment open = read({{"OMPI_COMM_WORLD_RANK", "2"}, {"OMPI_COMM_WORLD_SIZE", "3"},
                                       {"OMPI_COMM_WORLD_LOCAL_RANK", "0"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "1234"}});
    QCOMPARE(open.launcher, std::string("open-mpi"));
    QCOMPARE(open.rank, 2);
    QCOMPARE(open.world, 3);
    const RankEnvironment mpich = read({{"PMI_RANK", "1"}, {"PMI_SIZE", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "1234"}});
    QCOMPARE(mpich.launcher, std::string("mpich"));
    QCOMPARE(mpich.rank, 1);
  }

  // torchrun inside an srun step: torchrun's own variables decide.
  void torchrunWins() {
    const RankEnvironment env = read({{"RANK", "1"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "9"},
                                      {"SLURM_PROCID", "0"}, {"SLURM_STEP_NUM_TASKS", "1"}});
    QCOMPARE(env.launcher, std::string("torchrun"));
    QCOMPARE(env.rank, 1);
  }

  void errorsNameTheVariable_data() {
    QTest::addColumn<QString>("case_");
    QTest::addColumn<QString>("variable");
    QTest::newRow("rank not a number") << "RANK=one,WORLD_SIZE=2,MASTER_ADDR=h,MASTER_PORT=9" << "RANK";
    QTest::newRow("world missing") << "RANK=0,MASTER_ADDR=h,MASTER_PORT=9" << "WORLD_SIZE";
    QTest::newRow("world zero") << "RANK=0,WORLD_SIZE=0" << "WORLD_SIZE";
    QTest::newRow("rank outside world") << "RANK=2,WORLD_SIZE=2,MASTER_ADDR=h,MASTER_PORT=9" << "rank 2";
    QTest::newRow("no master") << "RANK=0,WORLD_SIZE=2,MASTER_PORT=9" << "MASTER_ADDR";
    QTest::newRow("no port") << "RANK=0,WORLD_SIZE=2,MASTER_ADDR=h" << "MASTER_PORT";
    QTest::newRow("port out of range") << "RANK=0,WORLD_SIZE=2,MASTER_ADDR=h,MASTER_PORT=70000" << "MASTER_PORT";
    QTest::newRow("port with text") << "RANK=0,WORLD_SIZE=2,MASTER_ADDR=h,MASTER_PORT=80x" << "MASTER_PORT";
    QTest::newRow("negative rank") << "RANK=-1,WORLD_SIZE=2" << "RANK";
    QTest::newRow("mpi without master") << "OMPI_COMM_WORLD_RANK=0,OMPI_COMM_WORLD_SIZE=2" << "MASTER_ADDR";
    QTest::newRow("slurm bad node list") << "SLURM_PROCID=0,SLURM_STEP_NUM_TASKS=2,SLURM_JOB_NODELIST=n[1" << "SLURM_JOB_NODELIST";
  }
  void errorsNameTheVariable() {
    QFETCH(QString, case_);
    QFETCH(QString, variable);
    Variables variables;
    for (const QString& pair : case_.split(QLatin1Char(','))) {
      const int eq = int(pair.indexOf(QLatin1Char('=')));
      variables[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    const auto t = capture([&] { read(variables); });
    QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(t.describe()));
    QVERIFY2(t.what.find(variable.toStdString()) != std::string::npos, t.what.c_str());
  }
};

QTEST_GUILESS_MAIN(TestRankEnvironment)
#include "test_rank_environment.moc"
