#pragma once

#include "pricing/Workspace.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <memory>

class QThread;

namespace cloudcost::ui {

// Runs offers queries on a worker thread with its own connection to the workspace, so typing in a
// filter never blocks the window. Only the latest submitted query is answered: a query that is
// superseded before it starts is skipped, and a superseded answer is dropped.
class OfferQueryRunner : public QObject
{
    Q_OBJECT

public:
    explicit OfferQueryRunner(QObject* parent = nullptr);
    // Stops the worker thread (waits for a running query to finish).
    ~OfferQueryRunner() override;

    // Queues query against the workspace file at path.
    void submit(const std::filesystem::path& path, const pricing::OfferQuery& query);
    // True while a submitted query has not been answered yet.
    bool isBusy() const { return m_answered != m_submitted; }

signals:
    // The answer to the latest query (emitted on the GUI thread).
    void finished(const cloudcost::pricing::OfferPage& page, qint64 elapsedMs);
    // The latest query failed; message names the context.
    void failed(const QString& message);

private:
    QThread* m_thread = nullptr;
    QObject* m_worker = nullptr;
    std::atomic<quint64> m_submitted{0};
    quint64 m_answered = 0;
    // Owned and used by the worker thread only.
    std::unique_ptr<pricing::Workspace> m_threadWorkspace;
};

} // namespace cloudcost::ui
