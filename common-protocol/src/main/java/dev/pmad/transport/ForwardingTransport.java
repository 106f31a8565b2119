package dev.pmad.transport;

import java.util.Map;

/**
 * A transport that hands everything to another: the base of wrappers that count, watch or hold
 * what passes (the round-cost benchmark, tests) without restating the whole interface each time.
 * A subclass overrides {@link #send} for what goes out and {@link #receive} for each incoming
 * payload; the listener's other callbacks ({@code admits}, {@code onRefused}, connection changes)
 * always pass through, so a wrapper never changes who is read.
 */
public class ForwardingTransport implements Transport {
    protected final Transport inner;

    public ForwardingTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public String address() {
        return inner.address();
    }

    @Override
    public void send(String to, String payload) throws TransportException {
        inner.send(to, payload);
    }

    @Override
    public Map<String, Long> droppedCounts() {
        return inner.droppedCounts();
    }

    @Override
    public final void setListener(Listener listener) {
        inner.setListener(new Listener() {
            @Override
            public void onPayload(String from, String payload) {
                receive(listener, from, payload);
            }

            @Override
            public void onConnectionChanged(boolean connected) {
                listener.onConnectionChanged(connected);
            }

            @Override
            public boolean admits(String from) {
                return listener.admits(from);
            }

            @Override
            public void onRefused(String from, String kind) {
                listener.onRefused(from, kind);
            }
        });
    }

    /** A payload from {@code from} on its way to {@code listener}, on the transport's thread: passed on as is. */
    protected void receive(Listener listener, String from, String payload) {
        listener.onPayload(from, payload);
    }

    @Override
    public void close() {
        inner.close();
    }
}
