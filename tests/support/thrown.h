#pragma once
// Captures what a core call throws, so a test can assert on the stf2m::Error code and message
// (and report anything else, e.g. a raw std::exception, as a failure instead of a crash).
#include <QString>

#include <exception>
#include <string>

#include "common/error.h"

namespace stf2m::test {

struct Thrown {
  bool threw = false;
  bool isError = false;  // a stf2m::Error
  ErrorCode code = ErrorCode::Internal;
  std::string what;
  std::string subject;

  bool is(ErrorCode c) const { return threw && isError && code == c; }
  QString describe() const {
    if (!threw) return QStringLiteral("nothing was thrown");
    if (!isError) return QStringLiteral("a non-stf2m exception: ") + QString::fromStdString(what);
    return QStringLiteral("stf2m::Error %1: %2")
        .arg(QString::fromUtf8(errorCodeName(code)), QString::fromStdString(what));
  }
};

template <typename F>
Thrown capture(F&& f) {
  Thrown t;
  try {
    f();
  } catch (const Error& e) {
    t.threw = true;
    t.isError = true;
    t.code = e.code();
    t.what = e.what();
    t.subject = e.subject();
  } catch (const std::exception& e) {
    t.threw = true;
    t.what = e.what();
  } catch (...) {
    t.threw = true;
    t.what = "(unknown exception type)";
  }
  return t;
}

}  // namespace stf2m::test
