#pragma once
// The test run's throwaway PostgreSQL server (tests/support/pg_server.sh, started by the CTest
// fixture "postgres", its folder in $STF2M_PG_DIR), as store tests use it: a new database per
// test, and the URIs to reach it as the server's superuser or as another role. Header-only: the
// tests that include it link stf2m::store.
#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>

#include <string>

#include <unistd.h>

#include "store/connection.h"

namespace stf2m::test {

// Runs `bash SCRIPT COMMAND DIR` (tests/support/pg_server.sh: start, stop, down, up) for a server
// of a test's own; returns what went wrong, or an empty string.
inline QString runPgServerScript(const QString& script, const char* command, const QString& dir) {
  QProcess p;
  p.start(QStringLiteral("bash"), {script, QString::fromLatin1(command), dir});
  if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
    return QStringLiteral("pg_server.sh %1 failed: %2").arg(QString::fromLatin1(command), QString::fromUtf8(p.readAllStandardError()));
  return {};
}

class PgTestServer {
 public:
  // Empty `error()` when the fixture's server is up.
  PgTestServer() {
    const QString dir = qEnvironmentVariable("STF2M_PG_DIR");
    if (dir.isEmpty()) error_ = "STF2M_PG_DIR is not set (the CTest fixture 'postgres' starts the server)";
    else read(dir);
  }
  // A server of the test's own, started with `pg_server.sh start DIR`.
  explicit PgTestServer(const QString& dir) { read(dir); }

  const std::string& error() const { return error_; }
  const std::string& superuser() const { return superuser_; }

  // postgresql://user@127.0.0.1:port/db
  std::string uri(const std::string& database, const std::string& user = {}) const {
    return "postgresql://" + (user.empty() ? superuser_ : user) + "@127.0.0.1:" + port_ + "/" + database;
  }

  // A new, empty database named after the test process and a counter; returns its name.
  std::string newDatabase() {
    const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
    admin("CREATE DATABASE " + name);
    return name;
  }

  // Runs SQL as the superuser on the maintenance database (roles are the cluster's, not a database's).
  void admin(const std::string& sql) const {
    store::detail::Connection c(uri("postgres"), false);
    c.exec(sql);
  }

 private:
  void read(const QString& dir) {
    QFile env(dir + QStringLiteral("/env"));
    if (!env.open(QIODevice::ReadOnly)) {
      error_ = "no server: " + env.fileName().toStdString() + " is missing";
      return;
    }
    const QByteArray text = env.readAll();
    superuser_ = value(text, "PGUSER");
    port_ = value(text, "PGPORT");
  }

  static std::string value(const QByteArray& text, const char* key) {
    for (const QByteArray& line : text.split('\n'))
      if (line.startsWith(QByteArray(key) + '=')) return line.mid(int(qstrlen(key)) + 1).toStdString();
    return {};
  }

  std::string error_, superuser_, port_;
  int databases_ = 0;
};

}  // namespace stf2m::test
