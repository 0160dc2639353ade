#pragma once
// QCustomPlot for the project's Qt policy: qcustomplot.h uses the `signals` and `foreach`
// keywords, which QT_NO_KEYWORDS removes, so they are defined just around that header. Include
// this only from .cpp files (never from a header other .cpp files include).
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef signals
