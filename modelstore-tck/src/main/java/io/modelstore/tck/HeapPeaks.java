package io.modelstore.tck;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap a step of the child took, two ways: the most in use right after a collection (what was live, with whatever
 * old garbage a young collection left), and the sum of the heap pools' peaks (garbage included: an upper bound even
 * when the step allocated too little for any collection to run).
 */
final class HeapPeaks {

    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private final AtomicLong afterCollection = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();

    HeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pools.add(pool);
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                        notification.getType())) {
                                    record(GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData()));
                                }
                            },
                            null,
                            null);
        }
    }

    private void record(GarbageCollectionNotificationInfo info) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool :
                info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (pools.stream().anyMatch(p -> p.getName().equals(pool.getKey()))) {
                used += pool.getValue().getUsed();
            }
        }
        collections.incrementAndGet();
        afterCollection.accumulateAndGet(used, Math::max);
    }

    /** Starts a step from a collected heap, so that the step's figures hold none of the steps before it. */
    void start() throws InterruptedException {
        System.gc();
        Thread.sleep(100); // the collection's notification comes on another thread
        for (MemoryPoolMXBean pool : pools) {
            pool.resetPeakUsage();
        }
        afterCollection.set(0);
        collections.set(0);
    }

    /** {@code <most after a collection> <collections> <pools' peak>}, in bytes, of the step since {@link #start()}. */
    String step() {
        long poolsPeak = 0;
        for (MemoryPoolMXBean pool : pools) {
            poolsPeak += pool.getPeakUsage().getUsed();
        }
        return afterCollection.get() + " " + collections.get() + " " + poolsPeak;
    }
}
