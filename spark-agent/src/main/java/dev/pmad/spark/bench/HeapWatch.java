package dev.pmad.spark.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap's peak as the collector saw it: the used heap is largest just before a collection,
 * so the maximum over collections of the heap in use before each one is the peak (summing each
 * pool's own peak would count pools that peak at different times, and can exceed -Xmx). Also
 * the largest heap still in use after a collection: an upper bound of what was live at once
 * (a young collection leaves the old generation's garbage in place).
 */
final class HeapWatch {
    private static final AtomicLong maxBeforeGc = new AtomicLong();
    private static final AtomicLong maxAfterGc = new AtomicLong();
    private static final AtomicLong collections = new AtomicLong();
    private static final AtomicLong pauseMillis = new AtomicLong();
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    private HeapWatch() {}

    static void install() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter emitter)) continue;
            emitter.addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                maxBeforeGc.accumulateAndGet(heap(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                maxAfterGc.accumulateAndGet(heap(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                collections.incrementAndGet();
                if (!info.getGcAction().contains("concurrent") && !info.getGcName().contains("Concurrent")) {
                    pauseMillis.addAndGet(info.getGcInfo().getDuration());
                }
            }, null, null);
        }
    }

    private static long heap(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (var e : pools.entrySet()) if (HEAP_POOLS.contains(e.getKey())) sum += e.getValue().getUsed();
        return sum;
    }

    /** Largest heap in use seen: before any collection so far, or now. */
    static long peak() {
        return Math.max(maxBeforeGc.get(), used());
    }

    static long maxAfterGc() {
        return maxAfterGc.get();
    }

    static long collections() {
        return collections.get();
    }

    /** Time in collections that stop the application (G1's young and full collections). */
    static long pauseMillis() {
        return pauseMillis.get();
    }

    static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
