#pragma once
// Core errors carry an ErrorCode and an English detail; the UI turns the code into a translated
// sentence that names the file, and shows the core's detail beneath it.
#include <QCoreApplication>
#include <QString>

#include "common/error.h"

namespace stf2m::ui {

class ErrorMessages {
  Q_DECLARE_TR_FUNCTIONS(stf2m::ui::ErrorMessages)

 public:
  // One sentence about `file` (shown by its file name) for `code`.
  static QString sentence(ErrorCode code, const QString& file);
  static QString sentence(int code, const QString& file) { return sentence(static_cast<ErrorCode>(code), file); }
};

}  // namespace stf2m::ui
