#include "ui/models/ImportJob.h"

#include <QThread>
#include <QTimer>

namespace cloudcost::ui {

class ImportJob::Sink : public ProgressSink
{
public:
    explicit Sink(ImportJob& job)
        : m_job(job)
    {}
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        if (m_job.m_cancelAtFirstProgress) {
            m_job.m_cancel = true;
        }
        const int permille = total > 0 ? static_cast<int>(done * 1000 / total) : -1;
        if (permille != m_job.m_lastPermille.exchange(permille)) {
            emit m_job.progressChanged(static_cast<qint64>(done), static_cast<qint64>(total));
        }
    }
    bool cancelled() const override { return m_job.m_cancel; }
    void stage(std::string_view what) override
    {
        m_job.m_lastPermille = -1; // the stage's first step is always reported
        emit m_job.stageChanged(QString::fromUtf8(what.data(), static_cast<int>(what.size())));
    }

private:
    ImportJob& m_job;
};

ImportJob::ImportJob(std::filesystem::path workspace, std::filesystem::path file, QObject* parent)
    : QObject(parent)
    , m_workspace(std::move(workspace))
    , m_file(std::move(file))
{}

ImportJob::~ImportJob()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

void ImportJob::start()
{
    if (m_running || m_result) {
        return;
    }
    m_running = true;
    QTimer::singleShot(0, this, [this] {
        m_thread = QThread::create([this] { run(); });
        m_thread->setObjectName(QStringLiteral("import"));
        m_thread->setParent(this);
        connect(m_thread, &QThread::finished, this, [this] {
            m_result = std::move(m_threadResult);
            m_running = false;
            emit finished();
        });
        m_thread->start();
    });
}

void ImportJob::cancel()
{
    m_cancel = true;
}

bool ImportJob::isCancelError() const
{
    return m_result->error().code == Error::Code::Cancelled;
}

void ImportJob::run()
{
    if (m_cancel) {
        m_threadResult =
            makeError(Error::Code::Cancelled, "import cancelled", m_file.filename().string());
        return;
    }
    auto ws = pricing::Workspace::open(m_workspace);
    if (!ws) {
        m_threadResult = ws.error();
        return;
    }
    Sink sink(*this);
    pricing::ImportOptions options;
    options.progress = &sink;
    m_threadResult = ws->importFile(m_file, options);
}

} // namespace cloudcost::ui
