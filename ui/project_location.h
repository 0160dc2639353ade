#pragma once
// Where a project lives, as the Studio shows and remembers it: a file, or a database on a team
// server named by a "postgresql://user@host[:port]/db" URI (docs/team.md). Recent lists keep
// files as absolute paths and URIs as given (the store hands back URIs without a password).
#include <QFileInfo>
#include <QString>
#include <QUrl>

namespace stf2m::ui {

inline bool isServerProject(const QString& location) {
  return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

// A file's absolute path; a URI unchanged.
inline QString canonicalProjectLocation(const QString& location) {
  return isServerProject(location) ? location : QFileInfo(location).absoluteFilePath();
}

// What a menu shows: the file name, or "db on host".
inline QString projectDisplayName(const QString& location) {
  if (!isServerProject(location)) return QFileInfo(location).fileName();
  const QUrl url(location);
  const QString db = url.path().mid(1);
  return url.host().isEmpty() ? location : QStringLiteral("%1 @ %2").arg(db.isEmpty() ? QStringLiteral("?") : db, url.host());
}

}  // namespace stf2m::ui
