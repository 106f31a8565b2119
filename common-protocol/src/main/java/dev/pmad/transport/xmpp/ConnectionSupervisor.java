package dev.pmad.transport.xmpp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Smack connection logged in: the first connect and every reconnect go through the
 * same attempt loop with exponential {@link Backoff}, and each failure is classified
 * ({@link ConnectFailure}) and logged with the likely fix.
 *
 * <p>Why not Smack's {@code ReconnectionManager}: its increasing policy starts at a random 2-15 s
 * that cannot be configured, it only covers connections that were once up, and it does not
 * tell a wrong password from a dead server. One loop for both cases gives one log vocabulary
 * and one backoff, and tests can shrink the delays. It is disabled on our connections.
 *
 * <p>Threading: attempts run one at a time on a private scheduler thread, which may block up to
 * the connect and reply timeouts. Smack's listener callbacks only flip the connected flag and
 * schedule an attempt; "connected" is set by the attempt itself, once the session is usable.
 */
final class ConnectionSupervisor implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSupervisor.class);

    private final XMPPTCPConnection connection;
    private final XmppSettings settings;
    private final Consumer<Boolean> onConnectionChanged;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Object monitor = new Object();
    private volatile ConnectFailure lastFailure;
    private volatile boolean closing;
    private ScheduledFuture<?> pending; // guarded by monitor

    ConnectionSupervisor(XMPPTCPConnection connection, XmppSettings settings, Consumer<Boolean> onConnectionChanged) {
        this.connection = connection;
        this.settings = settings;
        this.onConnectionChanged = onConnectionChanged;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pmad-xmpp-connect-" + settings.username());
            t.setDaemon(true);
            return t;
        });
        connection.addConnectionListener(this);
    }

    void start() {
        schedule(Duration.ZERO);
    }

    boolean isConnected() {
        return connected.get();
    }

    int attempts() {
        return attempts.get();
    }

    Optional<ConnectFailure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Blocks until logged in or {@code timeout} passed; true if logged in. */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (!connected.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            return true;
        }
    }

    void close() {
        closing = true;
        synchronized (monitor) {
            if (pending != null) pending.cancel(false);
        }
        scheduler.shutdownNow();
        connected.set(false);
        connection.removeConnectionListener(this);
        // Only when connected: on an idle connection Smack waits out its reply timeout (5 s).
        if (connection.isConnected()) connection.disconnect();
    }

    private void schedule(Duration delay) {
        synchronized (monitor) {
            if (closing || (pending != null && !pending.isDone())) return;
            pending = scheduler.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void attempt() {
        synchronized (monitor) {
            pending = null; // from here on, a lost session may schedule the next attempt
        }
        if (closing) return;
        int attempt = attempts.incrementAndGet();
        try {
            if (!connection.isConnected()) connection.connect();
            if (!connection.isAuthenticated()) connection.login();
            awaitServerCaughtUp();
            consecutiveFailures.set(0);
            lastFailure = null;
            LOG.info("XMPP connected as {} via {}:{} (attempt {})", settings.jid(), settings.host(), settings.port(), attempt);
            markConnected(true);
            // A drop between login and here was ignored by lost(), which only acts on live sessions.
            if (!connection.isAuthenticated()) lost("the connection dropped right after login", null);
        } catch (InterruptedException e) {
            if (closing) return; // close() interrupts a running attempt; anyone else is a surprise
            LOG.warn("XMPP attempt {} of {} was interrupted; trying again", attempt, settings.jid());
            schedule(settings.backoff().initial());
        } catch (Exception e) {
            if (closing) return;
            ConnectFailure failure = ConnectFailure.classify(e, settings);
            lastFailure = failure;
            // Log in again from scratch: after a refused login the stream is up but unusable.
            if (connection.isConnected()) connection.disconnect();
            Duration delay = settings.backoff().delayAfter(consecutiveFailures.incrementAndGet(),
                    ThreadLocalRandom.current().nextDouble());
            LOG.warn("XMPP attempt {} failed [{}]: {}. Retrying in {} ms.", attempt, failure.kind(), failure.message(),
                    delay.toMillis());
            LOG.debug("XMPP attempt {} failure detail", attempt, e);
            schedule(delay);
        }
    }

    /**
     * Smack reports "authenticated" before it sends our available presence, and until the server
     * has that presence it bounces messages for our bare JID. A server ping answered means the
     * server has processed everything we sent before it, presence included, so only then are we
     * connected in the sense that matters to a peer. Any answer will do, even an error.
     */
    private void awaitServerCaughtUp() throws Exception {
        PingManager.getInstanceFor(connection).ping(connection.getXMPPServiceDomain());
    }

    private void markConnected(boolean now) {
        if (connected.compareAndSet(!now, now)) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
            onConnectionChanged.accept(now);
        }
    }

    @Override
    public void connectionClosed() {
        lost("the connection was closed", null);
    }

    @Override
    public void connectionClosedOnError(Exception e) {
        lost("the connection failed", e);
    }

    private void lost(String what, Exception cause) {
        // Closes during an attempt are the attempt's business; only a live session is "lost".
        if (closing || !connected.get()) return;
        markConnected(false);
        ConnectFailure failure = cause == null ? null : ConnectFailure.classify(cause, settings);
        if (failure != null) lastFailure = failure;
        Duration delay = settings.backoff().delayAfter(1, ThreadLocalRandom.current().nextDouble());
        LOG.warn("XMPP session of {} lost: {}{}. Reconnecting in {} ms.", settings.jid(), what,
                failure == null ? "" : " [" + failure.kind() + "] " + failure.message(), delay.toMillis());
        schedule(delay);
    }
}
