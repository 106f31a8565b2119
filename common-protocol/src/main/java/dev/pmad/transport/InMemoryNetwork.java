package dev.pmad.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * A message bus inside one JVM, for simulation and tests. Delivery is synchronous on the
 * sender's thread, which is safe because listeners only enqueue.
 *
 * <p>Not for production: there is no authentication beyond the address a transport was created
 * with. {@link #setFilter} lets tests drop payloads to simulate a dead or partitioned agent.
 */
public final class InMemoryNetwork {
    private final Map<String, InMemoryTransport> endpoints = new ConcurrentHashMap<>();
    private volatile BiPredicate<String, String> filter = (from, to) -> true;

    /** Creates the endpoint for {@code address}, replacing (and closing) any previous one. */
    public Transport connect(String address) {
        InMemoryTransport transport = new InMemoryTransport(address);
        InMemoryTransport previous = endpoints.put(address, transport);
        if (previous != null) previous.closed = true;
        return transport;
    }

    /** Only payloads for which {@code filter.test(from, to)} is true are delivered. */
    public void setFilter(BiPredicate<String, String> filter) {
        this.filter = filter;
    }

    /** Injects a payload as if {@code from} had sent it; for tests of hostile input. */
    public void inject(String from, String to, String payload) {
        InMemoryTransport target = endpoints.get(to);
        if (target != null && !target.closed && target.listener != null) {
            target.listener.onPayload(from, payload);
        }
    }

    private final class InMemoryTransport implements Transport {
        private final String address;
        private volatile Listener listener;
        private volatile boolean closed;

        InMemoryTransport(String address) {
            this.address = address;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public void send(String to, String payload) throws TransportException {
            if (closed) throw new TransportException(address + " is closed");
            if (!filter.test(address, to)) return;
            InMemoryTransport target = endpoints.get(to);
            // Like XMPP to an offline contact: nobody is there, the payload is lost.
            if (target == null || target.closed || target.listener == null) return;
            target.listener.onPayload(address, payload);
        }

        @Override
        public void setListener(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            closed = true;
            endpoints.remove(address, this);
        }
    }
}
