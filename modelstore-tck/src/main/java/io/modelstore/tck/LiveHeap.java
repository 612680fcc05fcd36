package io.modelstore.tck;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap in use right after a garbage collection, since it started or was last reset: what a step kept live
 * (with whatever old garbage a young collection left), unlike the heap's peak, which counts garbage not yet collected.
 */
final class LiveHeap {

    private final Set<String> heapPools = new HashSet<>();
    private final AtomicLong peak = new AtomicLong();

    LiveHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    record(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                }
            }, null, null);
        }
    }

    private void record(GarbageCollectionNotificationInfo info) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        peak.accumulateAndGet(used, Math::max);
    }

    /** The peak in bytes, then starts again from nothing. */
    long peakAndReset() {
        return peak.getAndSet(0);
    }
}
