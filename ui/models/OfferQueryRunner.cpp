#include "ui/models/OfferQueryRunner.h"

#include <QElapsedTimer>
#include <QThread>

namespace cloudcost::ui {

OfferQueryRunner::OfferQueryRunner(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject())
{
    m_thread->setObjectName(QStringLiteral("offer queries"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

OfferQueryRunner::~OfferQueryRunner()
{
    m_thread->quit();
    m_thread->wait();
}

void OfferQueryRunner::submit(const std::filesystem::path& path, const pricing::OfferQuery& query)
{
    const quint64 generation = ++m_submitted;
    QMetaObject::invokeMethod(m_worker, [this, generation, path, query] {
        if (generation != m_submitted.load()) {
            return; // superseded before it started
        }
        QElapsedTimer timer;
        timer.start();
        if (!m_threadWorkspace || m_threadWorkspace->path() != path) {
            m_threadWorkspace.reset();
            auto ws = pricing::Workspace::open(path);
            if (!ws) {
                auto error = std::make_shared<Error>(ws.error());
                QMetaObject::invokeMethod(this, [this, generation, error] {
                    if (generation == m_submitted.load()) {
                        m_answered = generation;
                        emit failed(QString::fromStdString(error->describe()));
                    }
                });
                return;
            }
            m_threadWorkspace = std::make_unique<pricing::Workspace>(std::move(*ws));
        }
        auto result =
            std::make_shared<Result<pricing::OfferPage>>(m_threadWorkspace->queryOffers(query));
        const qint64 elapsed = timer.elapsed();
        QMetaObject::invokeMethod(this, [this, generation, result, elapsed] {
            if (generation != m_submitted.load()) {
                return; // a newer query is on its way
            }
            m_answered = generation;
            if (*result) {
                emit finished(**result, elapsed);
            } else {
                emit failed(QString::fromStdString(result->error().describe()));
            }
        });
    });
}

} // namespace cloudcost::ui
