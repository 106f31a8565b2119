package dev.pmad.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Loops on a shared executor: each one's events in order, one at a time, and stop waits for them. */
class EventLoopTest {
    /** Records what it handles; fails if two threads run it at once. */
    private static final class Recording implements EventLoop.Handler<Integer> {
        final List<Integer> handled = new ArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        volatile boolean overlapped;
        volatile boolean stopped;
        int drains;

        @Override
        public void handle(Integer event) {
            if (running.incrementAndGet() > 1) overlapped = true;
            handled.add(event);
            running.decrementAndGet();
        }

        @Override
        public void failed(Integer event, RuntimeException error) {
            throw new AssertionError(error);
        }

        @Override
        public void drained() {
            drains++;
        }

        @Override
        public void stopped() {
            stopped = true;
        }
    }

    @Test
    void loopsSharingTwoThreads_eachHandleTheirEventsInOrder_oneAtATime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var handlers = new ArrayList<Recording>();
            var loops = new ArrayList<EventLoop<Integer>>();
            for (int i = 0; i < 50; i++) {
                var h = new Recording();
                handlers.add(h);
                var loop = new EventLoop<>(h, pool);
                loop.submit(-1); // before start: waits for it
                loop.start();
                loops.add(loop);
            }
            // Submitted from several threads at once, as transports and timers do.
            var senders = Executors.newFixedThreadPool(3);
            for (int s = 0; s < 3; s++) {
                int sender = s;
                senders.execute(() -> {
                    for (int n = 0; n < 1_000; n++) loops.get((n + sender) % loops.size()).submit(n * 3 + sender);
                });
            }
            senders.shutdown();
            assertTrue(senders.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
            for (var loop : loops) loop.stop(); // waits until each has handled all it was given
            int total = 0;
            for (Recording h : handlers) {
                assertTrue(h.stopped);
                assertTrue(!h.overlapped, "a handler ran on two threads at once");
                assertEquals(-1, h.handled.get(0));
                total += h.handled.size() - 1;
                // Each sender's events, in the order it sent them.
                for (int s = 0; s < 3; s++) {
                    int sender = s;
                    var mine = h.handled.stream().filter(e -> e >= 0 && e % 3 == sender).toList();
                    var sorted = new ArrayList<>(mine);
                    sorted.sort(null);
                    assertEquals(sorted, mine);
                }
                assertTrue(h.drains >= 1);
            }
            assertEquals(3_000, total);
        } finally {
            pool.shutdownNow();
        }
    }
}
