#pragma once
// A QThread that cannot outlive its owner: the deleter asks the event loop to quit and waits
// for it. Whoever owns the worker must cancel its long core call first (set the CancelToken),
// so that this wait is bounded by one cancellation check, never by a whole decode.
#include <QThread>

#include <memory>

namespace stf2m::ui {

struct QuitAndWaitThread {
  void operator()(QThread* thread) const {
    if (!thread) return;
    thread->quit();
    thread->wait();
    delete thread;
  }
};

using OwnedThread = std::unique_ptr<QThread, QuitAndWaitThread>;

// Creates and starts a named thread (the name shows in debuggers and `top -H`).
inline OwnedThread startOwnedThread(const QString& name) {
  OwnedThread thread(new QThread);
  thread->setObjectName(name);
  thread->start();
  return thread;
}

}  // namespace stf2m::ui
