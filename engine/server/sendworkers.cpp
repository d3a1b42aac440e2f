#include "server/sendworkers.h"

#include <algorithm>

namespace SmartFixer {

SendWorkers::SendWorkers(int threads)
{
    for (int i = 0; i < threads; ++i)
        m_threads.emplace_back([this, i] { run(std::size_t(i) + 1); });
}

SendWorkers::~SendWorkers()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_start.notify_all();
    for (std::thread &t : m_threads)
        t.join();
}

int SendWorkers::defaultThreads()
{
    const int cores = int(std::thread::hardware_concurrency());
    return std::clamp(cores - 1, 0, 3);
}

namespace {

// Part \a index of [0, count) split into \a parts contiguous ranges.
std::pair<std::size_t, std::size_t> part(std::size_t count, std::size_t parts, std::size_t index)
{
    return {count * index / parts, count * (index + 1) / parts};
}

} // namespace

void SendWorkers::forEach(std::size_t count,
                          const std::function<void(std::size_t, std::size_t)> &work)
{
    const std::size_t parts = m_threads.size() + 1;
    if (parts == 1 || count < parts) {
        work(0, count);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_work = &work;
        m_count = count;
        m_pending = m_threads.size();
        ++m_generation;
    }
    m_start.notify_all();
    const auto [begin, end] = part(count, parts, 0);
    work(begin, end);
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_pending == 0; });
    m_work = nullptr;
}

void SendWorkers::run(std::size_t index)
{
    unsigned long seen = 0;
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_start.wait(lock, [&] { return m_stop || m_generation != seen; });
        if (m_stop)
            return;
        seen = m_generation;
        const auto *work = m_work;
        const auto [begin, end] = part(m_count, m_threads.size() + 1, index);
        lock.unlock();
        (*work)(begin, end);
        lock.lock();
        if (--m_pending == 0)
            m_done.notify_one();
    }
}

} // namespace SmartFixer
