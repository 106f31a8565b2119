package dev.pmad.transport.direct;

import dev.pmad.time.Timers;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender's side: a listener that serves each offered payload once, to the first connection
 * that names its transfer id, sealed under the offer's key. Offers nobody fetched are dropped
 * after {@code expiry} (the receiver's reassembly deadline), so a vanished receiver costs memory
 * for that long only.
 */
public final class DirectServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectServer.class);

    private final DirectSettings settings;
    private final Duration expiry;
    private final Timers timers;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ServerSocket socket;
    private volatile boolean closed;
    /** The last payload's bytes and hash: a broadcast sends the same model to every agent. */
    private volatile Encoded last;

    private record Pending(DirectOffer offer, byte[] payload) {}

    private record Encoded(String payload, byte[] bytes, byte[] sha256) {}

    /** Binds at once, so a wrong {@code XMPP_DIRECT_HOST} or a taken port fails at start-up. */
    public DirectServer(DirectSettings settings, Duration expiry, Timers timers, String name) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.timers = Objects.requireNonNull(timers, "timers");
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for direct transfers on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage() + " (set XMPP_DIRECT_HOST to an address of this machine and XMPP_DIRECT_PORT to a free"
                    + " port, or unset XMPP_DIRECT_HOST to send large payloads in-band)", e);
        }
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pmad-direct-" + name);
            t.setDaemon(true);
            return t;
        });
        workers.execute(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Opens {@code payload} for one fetch; the returned offer goes to the receiver over XMPP. */
    public DirectOffer offer(String payload) {
        Encoded encoded = encode(payload);
        byte[] id = new byte[DirectOffer.ID_BYTES];
        byte[] key = new byte[DirectOffer.KEY_BYTES];
        random.nextBytes(id);
        random.nextBytes(key);
        DirectOffer offer = new DirectOffer(settings.host(), port(), id, key, encoded.bytes().length, encoded.sha256());
        String handle = HexFormat.of().formatHex(id);
        pending.put(handle, new Pending(offer, encoded.bytes()));
        timers.schedule(expiry, () -> {
            if (pending.remove(handle) != null) {
                LOG.warn("Direct transfer {} of {} bytes was not fetched within {} s; dropped. Check that receivers can"
                        + " reach {}:{} (XMPP_DIRECT_HOST, XMPP_DIRECT_PORT)", handle, offer.length(), expiry.toSeconds(),
                        settings.host(), port());
            }
        });
        return offer;
    }

    /** Offers waiting for their receiver. */
    public int pendingCount() {
        return pending.size();
    }

    private Encoded encode(String payload) {
        Encoded previous = last;
        if (previous != null && previous.payload().equals(payload)) return previous;
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Encoded encoded = new Encoded(payload, bytes, sha256(bytes));
        last = encoded;
        return encoded;
    }

    static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket connection = socket.accept();
                workers.execute(() -> serve(connection));
            } catch (IOException e) {
                if (!closed) LOG.warn("Direct-transfer listener on {}:{} failed to accept: {}", settings.host(), port(), e.toString());
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            connection.setSoTimeout((int) Math.min(Integer.MAX_VALUE, expiry.toMillis()));
            byte[] id = connection.getInputStream().readNBytes(DirectOffer.ID_BYTES);
            Pending transfer = id.length == DirectOffer.ID_BYTES ? pending.remove(HexFormat.of().formatHex(id)) : null;
            if (transfer == null) {
                LOG.debug("Direct connection from {} named no pending transfer; closed", connection.getRemoteSocketAddress());
                return;
            }
            write(transfer, connection);
        } catch (IOException | GeneralSecurityException e) {
            if (!closed) LOG.warn("Direct transfer to {} failed: {}", connection.getRemoteSocketAddress(), e.toString());
        }
    }

    private static void write(Pending transfer, Socket connection) throws IOException, GeneralSecurityException {
        Records records = new Records(transfer.offer().key(), transfer.offer().id());
        byte[] payload = transfer.payload();
        byte[] sealed = new byte[Records.PLAIN_BYTES + Records.TAG_BYTES];
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.getOutputStream(), 1 << 16));
        int count = Records.count(payload.length);
        for (int i = 0; i < count; i++) {
            int offset = i * Records.PLAIN_BYTES;
            int length = Math.min(Records.PLAIN_BYTES, payload.length - offset);
            int n = records.seal(i, payload, offset, length, sealed);
            out.writeInt(n);
            out.write(sealed, 0, n);
        }
        out.flush();
        connection.shutdownOutput();
        // Wait for the receiver to close: closing first could reset the connection under its last reads.
        InputStream in = connection.getInputStream();
        try {
            while (in.read() >= 0) { /* the receiver sends nothing more */ }
        } catch (SocketException reset) {
            // The receiver went away after reading: fine.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing; nothing to do.
        }
        workers.shutdownNow();
        pending.clear();
        last = null;
    }
}
