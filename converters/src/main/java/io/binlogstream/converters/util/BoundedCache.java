package io.binlogstream.converters.util;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A least-recently-used map with a maximum size, safe for several threads.
 *
 * <p>Keys are compared with {@code equals}; for Connect schemas that is first an identity check (HashMap
 * compares references before calling equals) and the schema's cached hash, so the same schema instance costs
 * no deep comparison, while an equal schema built anew still finds its entry. A lock is enough here: a Connect
 * task converts on one thread, so the lock is almost never contended.
 */
public final class BoundedCache<K, V> {

    private final int maxSize;
    private final LinkedHashMap<K, V> map;

    public BoundedCache(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, got " + maxSize);
        }
        this.maxSize = maxSize;
        this.map = new LinkedHashMap<>(Math.min(maxSize, 256), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > BoundedCache.this.maxSize;
            }
        };
    }

    public synchronized V get(K key) {
        return map.get(key);
    }

    public synchronized void put(K key, V value) {
        map.put(key, value);
    }

    /**
     * The cached value, or one computed outside the lock (the computation may call the registry; two threads
     * may compute the same value, which is harmless since both results are equal).
     */
    public V computeIfAbsent(K key, Function<K, V> compute) {
        V value = get(key);
        if (value == null) {
            value = compute.apply(key);
            put(key, value);
        }
        return value;
    }

    public synchronized int size() {
        return map.size();
    }

    public synchronized void clear() {
        map.clear();
    }
}
