#pragma once
// FlatMap: a small map as one sorted vector of (key, value) pairs, for the per-connection and
// per-user maps that hold a handful of entries each but exist tens of thousands of times.
// Qt 6.4's QHash reserves 48 entries at its first insert (3.8 KiB for a one-entry map of
// 80-byte values); this holds exactly what it contains. Lookups are a binary search, inserts
// move the tail (fine for the hundreds of entries at most that these maps hold).
#include <QtGlobal>

#include <algorithm>
#include <utility>
#include <vector>

namespace SmartFixer {

template<typename K, typename V> class FlatMap
{
public:
    using value_type = std::pair<K, V>;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    //! Inserts \a key or replaces its value.
    void insert(const K &key, const V &value)
    {
        auto it = lowerBound(key);
        if (it != m_items.end() && it->first == key)
            it->second = value;
        else
            m_items.insert(it, value_type(key, value));
    }
    //! The value of \a key, or nullptr.
    const V *find(const K &key) const
    {
        const auto it = lowerBound(key);
        return it != m_items.end() && it->first == key ? &it->second : nullptr;
    }
    bool contains(const K &key) const { return find(key) != nullptr; }
    V value(const K &key, const V &fallback = V()) const
    {
        const V *v = find(key);
        return v ? *v : fallback;
    }
    //! Removes \a key; whether it was there.
    bool remove(const K &key)
    {
        const auto it = lowerBound(key);
        if (it == m_items.end() || it->first != key)
            return false;
        m_items.erase(it);
        return true;
    }
    //! Removes \a key and returns its value (a default one when it was not there).
    V take(const K &key)
    {
        const auto it = lowerBound(key);
        if (it == m_items.end() || it->first != key)
            return V();
        V v = std::move(it->second);
        m_items.erase(it);
        return v;
    }
    qsizetype size() const { return qsizetype(m_items.size()); }
    bool isEmpty() const { return m_items.empty(); }
    void clear() { m_items.clear(); }
    const_iterator begin() const { return m_items.begin(); }
    const_iterator end() const { return m_items.end(); }
    friend bool operator==(const FlatMap &a, const FlatMap &b) { return a.m_items == b.m_items; }
    friend bool operator!=(const FlatMap &a, const FlatMap &b) { return !(a == b); }

private:
    typename std::vector<value_type>::iterator lowerBound(const K &key)
    {
        return std::lower_bound(m_items.begin(), m_items.end(), key,
                                [](const value_type &item, const K &k) { return item.first < k; });
    }
    const_iterator lowerBound(const K &key) const
    {
        return std::lower_bound(m_items.begin(), m_items.end(), key,
                                [](const value_type &item, const K &k) { return item.first < k; });
    }
    std::vector<value_type> m_items;
};

} // namespace SmartFixer
