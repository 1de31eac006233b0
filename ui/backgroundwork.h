// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the studio's workers on the global thread pool share: how a file's failure reads, and
// how the relay objects that carry their results (queued signals, which Qt stops delivering once
// the receiver is gone, so nothing has to wait for a worker) are handed back to the GUI thread.

#include "core/nn/runtime.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace drbn::data {
struct DataProblem;
}

namespace drbn::ui {

/// Why `work` (enhancing one file and writing the result) failed, in the words the studio shows
/// beside the file; empty when it succeeded.
QString fileFailure(const std::function<void()>& work);
/// What fileFailure() says of a cancelled file.
QString cancelledMessage();
/// An error's message in the studio's language where core says what kind of problem it is (a
/// photo that cannot be read: missing, damaged, too large...; a weight file: damaged, of another
/// network...), else core's own English message.
QString errorInWords(const std::exception& error);
/// A problem with training data or paired folders in the studio's language (core's message is
/// the command line's English).
QString dataProblemInWords(const data::DataProblem& problem);
/// An engine's or trainer's device in the studio's language ("CPU, 2 threads", "GPU 0").
QString deviceInWords(const nn::ComputeDevice& device);

/// Gives a worker's relay, the last reference to it, to the GUI thread it belongs to: deleted
/// there after the signals it has already sent.
void releaseOnGuiThread(std::shared_ptr<QObject> relay);

}  // namespace drbn::ui
