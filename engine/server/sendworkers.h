#pragma once
// SendWorkers: a few threads that help the event loop's thread write one fan-out. Writing a
// presence update to 10,000 sockets is ~13 µs of kernel time per send() (loopback: the
// receiver's TCP input runs in the sender too, tests/benchmarks/README.md), ~80 % of the fan-out,
// and send() on different descriptors runs in parallel in the kernel. forEach() splits the items
// into contiguous parts, runs the first on the calling thread and the others on the workers,
// and returns when all are done (fork-join: the caller's state is never touched while it runs
// on, so nothing else needs a lock).
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace SmartFixer {

class SendWorkers
{
public:
    //! \a threads helper threads (0: forEach runs everything on the caller).
    explicit SendWorkers(int threads);
    ~SendWorkers(); // joins the threads
    SendWorkers(const SendWorkers &) = delete;
    SendWorkers &operator=(const SendWorkers &) = delete;

    //! What to use on this machine: one helper per core beyond the first, at most 3.
    static int defaultThreads();
    int threads() const { return int(m_threads.size()); }

    //! Calls \a work(begin, end) over [0, count) split into threads() + 1 parts; the caller's
    //! thread takes the first. Returns when every part is done. Not reentrant.
    void forEach(std::size_t count, const std::function<void(std::size_t, std::size_t)> &work);

private:
    void run(std::size_t index);

    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_start;
    std::condition_variable m_done;
    const std::function<void(std::size_t, std::size_t)> *m_work = nullptr;
    std::size_t m_count = 0;
    unsigned long m_generation = 0; //!< bumped per forEach; workers run each one once
    std::size_t m_pending = 0; //!< parts not finished yet
    bool m_stop = false;
};

} // namespace SmartFixer
