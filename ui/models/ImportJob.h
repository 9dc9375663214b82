#pragma once

#include "pricing/Workspace.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <optional>

class QThread;

namespace cloudcost::ui {

// One import of a price sheet into a workspace, run on its own thread with its own connection.
// Progress arrives as signals; cancel() stops it at the importer's next check and, like any
// failure, leaves the workspace as it was (the import is one transaction).
class ImportJob : public QObject
{
    Q_OBJECT

public:
    ImportJob(std::filesystem::path workspace,
              std::filesystem::path file,
              QObject* parent = nullptr);
    // Waits for the thread: the import is cancelled first when it is still running.
    ~ImportJob() override;

    // Starts the import once control returns to the event loop.
    void start();
    // Asks the import to stop; finished() follows with cancelled() true unless it had already
    // committed.
    void cancel();
    // For tests: behave as if the user pressed Cancel right after the first progress report, so the
    // importer is stopped in the middle of its work.
    void cancelAtFirstProgress() { m_cancelAtFirstProgress = true; }

    const std::filesystem::path& file() const { return m_file; }
    bool isRunning() const { return m_running; }
    bool wasCancelled() const { return m_result && !*m_result && isCancelError(); }
    // The report (on success) or the error, once finished() was emitted.
    const std::optional<Result<pricing::ImportReport>>& result() const { return m_result; }

signals:
    // done and total in bytes of the input file (total 0 when unknown); throttled to whole
    // percents.
    void progressChanged(qint64 done, qint64 total);
    // A later stage after the file is read (e.g. "building the offer indexes"); the progress
    // that follows counts its steps.
    void stageChanged(const QString& stage);
    void finished();

private:
    class Sink;
    bool isCancelError() const;
    void run();

    std::filesystem::path m_workspace;
    std::filesystem::path m_file;
    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_cancelAtFirstProgress{false};
    std::atomic<int> m_lastPermille{-1};
    bool m_running = false;
    std::optional<Result<pricing::ImportReport>> m_result;
    std::optional<Result<pricing::ImportReport>> m_threadResult; // written by the thread
};

} // namespace cloudcost::ui
