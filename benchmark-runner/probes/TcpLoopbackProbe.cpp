#include "benchmark-runner/probes/TcpLoopbackProbe.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cloudcost::benchmark {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kStreamMessageBytes = 128 * 1024;
constexpr int kPollMs = 50; // how often the peer looks at the stop flag

Error socketError(const std::string& what)
{
    return makeError(Error::Code::IoFailed, what + ": " + std::strerror(errno), "127.0.0.1");
}

void setNoDelay(int fd)
{
    const int one = 1;
    (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void setTimeouts(int fd)
{
    // A wedged peer cannot hang the probe: blocking calls give up after 2 s.
    timeval tv{};
    tv.tv_sec = 2;
    (void)::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Waits until fd is readable or stop is raised; false on stop or error.
bool waitReadable(int fd, const std::atomic<bool>& stop)
{
    while (!stop.load(std::memory_order_relaxed)) {
        pollfd p{fd, POLLIN, 0};
        const int r = ::poll(&p, 1, kPollMs);
        if (r > 0) {
            return true;
        }
        if (r < 0 && errno != EINTR) {
            return false;
        }
    }
    return false;
}

void serve(int listenFd, TcpLoopbackProbe::Mode mode, const std::atomic<bool>& stop)
{
    if (!waitReadable(listenFd, stop)) {
        return;
    }
    const int fd = ::accept(listenFd, nullptr, nullptr);
    if (fd < 0) {
        return;
    }
    setNoDelay(fd);
    std::vector<char> buf(kStreamMessageBytes);
    while (waitReadable(fd, stop)) {
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) {
            break;
        }
        if (mode == TcpLoopbackProbe::Mode::RequestResponse) {
            if (::send(fd, buf.data(), static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) {
                break;
            }
        }
    }
    ::close(fd);
}

} // namespace

TcpLoopbackProbe::TcpLoopbackProbe(Config config)
    : m_config(config)
{
    if (m_config.messageBytes == 0) {
        m_config.messageBytes = config.mode == Mode::RequestResponse ? 1 : kStreamMessageBytes;
    }
    if (config.mode == Mode::RequestResponse) {
        m_info.name = "net.tcp.rr";
        m_info.metric = "net.tcp.rtt";
        m_info.unit = "s";
        m_info.higherIsBetter = false;
    } else {
        m_info.name = "net.tcp.stream";
        m_info.metric = "net.tcp.throughput";
        m_info.unit = "bit/s";
        m_info.higherIsBetter = true;
    }
    m_info.cvThreshold = 0.10; // BENCHMARKS.md §4.3 item 3: network ≤ 10 %
    m_info.parameters["peer"] = "127.0.0.1";
    m_info.parameters["message_bytes"] = std::to_string(m_config.messageBytes);
    m_info.parameters["streams"] = "1";
}

TcpLoopbackProbe::~TcpLoopbackProbe()
{
    finish();
}

Status TcpLoopbackProbe::prepare(ProbeContext& ctx)
{
    (void)ctx;
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0) {
        return socketError("socket");
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    sockaddr* sa = reinterpret_cast<sockaddr*>(&addr);
    if (::bind(m_listenFd, sa, sizeof addr) != 0 || ::listen(m_listenFd, 1) != 0) {
        return socketError("bind/listen on 127.0.0.1");
    }
    socklen_t len = sizeof addr;
    if (::getsockname(m_listenFd, sa, &len) != 0) {
        return socketError("getsockname");
    }
    m_stopServer = false;
    m_server = std::thread(serve, m_listenFd, m_config.mode, std::cref(m_stopServer));
    m_clientFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_clientFd < 0) {
        return socketError("socket");
    }
    setTimeouts(m_clientFd);
    if (::connect(m_clientFd, sa, sizeof addr) != 0) {
        return socketError("connect to 127.0.0.1");
    }
    setNoDelay(m_clientFd);
    return {};
}

Result<double> TcpLoopbackProbe::repetition(ProbeContext& ctx, double targetSeconds)
{
    if (m_clientFd < 0) {
        return makeError(Error::Code::InvalidInput, "prepare() was not called");
    }
    const auto target = std::chrono::duration<double>(targetSeconds);
    std::vector<char> buf(m_config.messageBytes, 'x');
    const auto start = Clock::now();
    Clock::duration elapsed{};
    std::uint64_t count = 0;
    std::uint64_t bytes = 0;
    do {
        if ((count & 15) == 0 && ctx.shouldStop()) {
            return ctx.stopError();
        }
        if (m_config.mode == Mode::RequestResponse) {
            const auto t0 = Clock::now();
            if (::send(m_clientFd, buf.data(), buf.size(), MSG_NOSIGNAL)
                != static_cast<ssize_t>(buf.size())) {
                return socketError("send");
            }
            std::size_t got = 0;
            while (got < buf.size()) {
                const ssize_t n = ::recv(m_clientFd, buf.data() + got, buf.size() - got, 0);
                if (n <= 0) {
                    return n == 0 ? makeError(Error::Code::IoFailed, "peer closed", "127.0.0.1")
                                  : socketError("recv");
                }
                got += static_cast<std::size_t>(n);
            }
            const auto t1 = Clock::now();
            m_histogram.record(static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
        } else {
            const ssize_t n = ::send(m_clientFd, buf.data(), buf.size(), MSG_NOSIGNAL);
            if (n < 0) {
                return socketError("send");
            }
            bytes += static_cast<std::uint64_t>(n);
        }
        ++count;
        elapsed = Clock::now() - start;
    } while (elapsed < target);
    const double seconds = std::chrono::duration<double>(elapsed).count();
    if (m_config.mode == Mode::RequestResponse) {
        return seconds / static_cast<double>(count); // mean round trip of this repetition
    }
    return static_cast<double>(bytes) * 8.0 / seconds;
}

std::vector<Sample> TcpLoopbackProbe::extraSamples() const
{
    std::vector<Sample> out;
    if (m_config.mode != Mode::RequestResponse || m_histogram.count() == 0) {
        return out;
    }
    for (const auto& [label, q] : {std::pair<const char*, double>{"p50", 0.50},
                                   std::pair<const char*, double>{"p99", 0.99}}) {
        Sample s;
        s.metric = std::string("net.tcp.rtt.") + label;
        s.value = m_histogram.quantileNs(q) * 1e-9;
        s.unit = "s";
        s.higherIsBetter = false;
        s.parameters = m_info.parameters;
        s.parameters["round_trips"] = std::to_string(m_histogram.count());
        out.push_back(std::move(s));
    }
    return out;
}

void TcpLoopbackProbe::finish()
{
    if (m_clientFd >= 0) {
        ::shutdown(m_clientFd, SHUT_RDWR);
        ::close(m_clientFd);
        m_clientFd = -1;
    }
    m_stopServer = true;
    if (m_server.joinable()) {
        m_server.join();
    }
    if (m_listenFd >= 0) {
        ::close(m_listenFd);
        m_listenFd = -1;
    }
}

} // namespace cloudcost::benchmark
