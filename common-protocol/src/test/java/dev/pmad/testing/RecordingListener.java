package dev.pmad.testing;

import java.time.Duration;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.transport.Transport;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link Transport.Listener} that records what arrives, for tests to await with deadlines. */
public final class RecordingListener implements Transport.Listener {
    /** One delivered payload and its authenticated sender. */
    public record Received(String from, String payload) {}

    private final BlockingQueue<Received> payloads = new LinkedBlockingQueue<>();
    private final List<Boolean> connectionChanges = new CopyOnWriteArrayList<>();

    @Override
    public void onPayload(String from, String payload) {
        payloads.add(new Received(from, payload));
    }

    @Override
    public void onConnectionChanged(boolean connected) {
        connectionChanges.add(connected);
    }

    /** The next payload; fails the test if none arrives within {@code timeout}. */
    public Received next(Duration timeout) throws InterruptedException {
        Received r = payloads.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) throw new AssertionError("no payload arrived within " + timeout.toMillis() + " ms");
        return r;
    }

    /** Payloads received but not yet taken with {@link #next}. */
    public int pending() {
        return payloads.size();
    }

    /** Every {@code onConnectionChanged} value so far, in order. */
    public List<Boolean> connectionChanges() {
        return List.copyOf(connectionChanges);
    }

    /** Waits until the latest connection change is {@code connected}. */
    public void awaitConnection(boolean connected, Duration timeout) {
        await().atMost(timeout).untilAsserted(() -> assertTrue(() -> !connectionChanges.isEmpty()
                && connectionChanges.get(connectionChanges.size() - 1) == connected, () -> "connection state " + connected + "; changes so far: " + connectionChanges));
    }
}
