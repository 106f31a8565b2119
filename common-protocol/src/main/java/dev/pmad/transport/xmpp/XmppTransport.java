package dev.pmad.transport.xmpp;

import dev.pmad.time.SystemTimers;
import dev.pmad.time.Timers;
import dev.pmad.transport.Transport;
import dev.pmad.transport.TransportException;
import dev.pmad.transport.direct.DirectFetch;
import dev.pmad.transport.direct.DirectOffer;
import dev.pmad.transport.direct.DirectServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Objects;
import java.util.Optional;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.parsing.ExceptionLoggingCallback;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} over an XMPP server (Prosody in the deployment), one account per identity.
 *
 * <p>Usage: {@code new XmppTransport(settings)}, {@link #setListener}, then {@link #start()},
 * which returns at once and keeps (re)connecting in the background; {@link #awaitConnected}
 * blocks until logged in for callers that want to. {@link #send} fails fast with a
 * {@link TransportException} while disconnected: the engines own retries, because only they know
 * whether a message is still worth sending.
 *
 * <p>Payloads go as {@code <message type='normal'/>} to the recipient's bare JID, so the server
 * routes them to whichever resource is online; see {@link WireFormat} for body vs. chunks.
 * Senders are reported as the bare JID the server stamped on the stanza, which the server
 * authenticated; {@link dev.pmad.transport.Endpoint} relies on that.
 *
 * <p>Not for: a server that stores messages for offline recipients and replays them later; the
 * protocol expects lost messages to stay lost (round deadlines handle them), so the deployment
 * disables Prosody's offline storage.
 */
public final class XmppTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(XmppTransport.class);
    /** Our own resource; a second process logging in with the same account replaces this one. */
    static final String RESOURCE = "pmad";
    private static final int PING_INTERVAL_SECONDS = 60;

    private final XmppSettings settings;
    private final XMPPTCPConnection connection;
    private final ConnectionSupervisor supervisor;
    private final Timers timers;
    private final ChunkReassembler reassembler;
    /** Serves our large payloads to their receivers; null when they go in-band. */
    private final DirectServer directServer;
    /** Fetches offered payloads, off Smack's thread: a fetch takes as long as the payload is large. */
    private final ExecutorService fetchers;
    /**
     * Per sender, the end of its chain of deliveries while a direct fetch is under way: what the
     * sender sent after an offer waits behind it, so a peer's messages arrive in the order sent.
     */
    private final Map<String, CompletableFuture<Void>> inOrder = new ConcurrentHashMap<>();
    private final AtomicLong failedFetches = new AtomicLong();
    private volatile Listener listener = new Listener() {
        @Override
        public void onPayload(String from, String payload) {
            LOG.warn("XMPP payload from {} dropped: no listener set on {}", from, settings.jid());
        }
    };

    /** Builds the connection without connecting; fails fast on unusable settings (e.g. a bad PEM). */
    public XmppTransport(XmppSettings settings) {
        this(settings, new SystemTimers("pmad-xmpp-chunks-" + settings.username()));
    }

    XmppTransport(XmppSettings settings, Timers timers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.reassembler = new ChunkReassembler(settings.reassembly(), timers);
        this.directServer = settings.direct() == null ? null
                : new DirectServer(settings.direct(), settings.reassembly().timeToComplete(), timers, settings.username());
        this.fetchers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pmad-direct-fetch-" + settings.username());
            t.setDaemon(true);
            return t;
        });
        this.connection = XmppConnections.connection(settings, RESOURCE);
        // A stanza we cannot parse is the sender's problem; by default Smack would drop our connection.
        connection.setParsingExceptionCallback(new ExceptionLoggingCallback());
        // No XEP-0198 resumption: after a reconnect, lost messages stay lost (round deadlines
        // cover them) rather than arriving late from a resumed stream.
        connection.setUseStreamManagement(false);
        ReconnectionManager.getInstanceFor(connection).disableAutomaticReconnection();
        Roster.getInstanceFor(connection).setRosterLoadedAtLogin(false);
        PingManager ping = PingManager.getInstanceFor(connection);
        ping.setPingInterval(PING_INTERVAL_SECONDS);
        // Detects half-open TCP (a vanished NAT entry): drop the session so the supervisor redials.
        ping.registerPingFailedListener(() -> {
            LOG.warn("XMPP server ping failed for {}; dropping the connection to reconnect", settings.jid());
            connection.disconnect();
        });
        connection.addSyncStanzaListener(this::onMessage, MessageTypeFilter.NORMAL_OR_CHAT);
        connection.addSyncStanzaListener(this::onBounce, MessageTypeFilter.ERROR);
        this.supervisor = new ConnectionSupervisor(connection, settings, this::notifyConnection);
    }

    /** Starts connecting in the background; retries with backoff until {@link #close()}. */
    public void start() {
        supervisor.start();
    }

    /** Waits until logged in; false if {@code timeout} passed first. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return supervisor.awaitConnected(timeout);
    }

    public boolean isConnected() {
        return supervisor.isConnected();
    }

    /** Connection attempts made so far, successful or not. */
    public int connectAttempts() {
        return supervisor.attempts();
    }

    /** Why the latest attempt failed; empty once logged in. */
    public Optional<ConnectFailure> lastFailure() {
        return supervisor.lastFailure();
    }

    public ChunkStats chunkStats() {
        return reassembler.stats();
    }

    /** Chunked transfers given up and chunks ignored (see {@link ChunkStats}), under the reasons metrics show. */
    @Override
    public java.util.Map<String, Long> droppedCounts() {
        ChunkStats stats = reassembler.stats();
        return java.util.Map.of("chunk-set-dropped", stats.droppedChunkSets(), "chunk-dropped", stats.droppedChunks(),
                "direct-fetch-failed", failedFetches.get());
    }

    public XmppSettings settings() {
        return settings;
    }

    @Override
    public String address() {
        return settings.jid();
    }

    @Override
    public void send(String to, String payload) throws TransportException {
        Objects.requireNonNull(payload, "payload");
        EntityBareJid recipient = recipient(to);
        if (!supervisor.isConnected()) {
            throw TransportException.notConnected("cannot send to " + to + ": " + settings.jid() + " is not connected to the"
                    + " XMPP server at " + settings.host() + ":" + settings.port() + " (it reconnects by itself;"
                    + " send again after onConnectionChanged(true))"
                    + supervisor.lastFailure().map(f -> ". Last failure: " + f.message()).orElse(""), null);
        }
        try {
            if (WireFormat.fitsInBody(payload, settings.chunkBytes())) {
                connection.sendStanza(message(recipient).setBody(payload).build());
                return;
            }
            if (directServer != null && payload.length() >= DirectOffer.MIN_BYTES) {
                checkReceiverCanTake(to, payload.length());
                DirectOffer offer = directServer.offer(payload);
                connection.sendStanza(message(recipient).addExtension(WireFormat.toElement(offer)).build());
                LOG.debug("Offered {} bytes to {} for a direct fetch", offer.length(), to);
                return;
            }
            List<Chunk> chunks = ChunkSplitter.split(payload, settings.chunkBytes());
            checkReceiverCanTake(to, chunks);
            for (Chunk chunk : chunks) {
                connection.sendStanza(message(recipient).addExtension(WireFormat.toElement(chunk)).build());
            }
            LOG.debug("Sent {} bytes to {} in {} chunks", chunks.get(0).totalBytes(), to, chunks.size());
        } catch (SmackException.NotConnectedException e) {
            throw TransportException.notConnected("connection to the XMPP server was lost while sending to " + to
                    + "; the payload may be incomplete at the receiver, send it again after reconnecting", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while sending to " + to, e);
        }
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void close() {
        supervisor.close();
        if (directServer != null) directServer.close();
        fetchers.shutdownNow();
        reassembler.clear();
        timers.close();
    }

    private MessageBuilder message(EntityBareJid recipient) {
        return connection.getStanzaFactory().buildMessageStanza().to(recipient).ofType(Message.Type.normal);
    }

    private EntityBareJid recipient(String to) throws TransportException {
        try {
            return JidCreate.entityBareFrom(to);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new TransportException("cannot send to '" + to + "': not a bare JID like agent-1@" + settings.domain(), e);
        }
    }

    /** Refuse here what our own limits would refuse on arrival: a silent drop is worse. */
    private void checkReceiverCanTake(String to, List<Chunk> chunks) throws TransportException {
        ReassemblyLimits limits = settings.reassembly();
        Chunk first = chunks.get(0);
        checkReceiverCanTake(to, first.totalBytes());
        if (first.count() > limits.maxChunks()) {
            throw new TransportException("payload for " + to + " is " + first.count() + " chunks of " + settings.chunkBytes()
                    + " bytes; receivers accept at most " + limits.maxChunks() + " chunks (raise XMPP_CHUNK_BYTES)");
        }
    }

    private void checkReceiverCanTake(String to, long bytes) throws TransportException {
        ReassemblyLimits limits = settings.reassembly();
        if (bytes > limits.maxPayloadBytes()) {
            throw new TransportException(tooLarge("payload for " + to, bytes, limits));
        }
    }

    /** The setting that helps is the model size every party is configured for, whatever the transfer path. */
    static String tooLarge(String what, long bytes, ReassemblyLimits limits) {
        return what + " is " + bytes + " bytes; parties accept at most " + limits.maxPayloadBytes()
                + " bytes, the messages of a model of " + limits.modelParameters() + " parameters (raise"
                + " MAX_MODEL_PARAMETERS on every party to the model's size)";
    }

    private void onMessage(Stanza stanza) {
        Jid from = stanza.getFrom();
        if (from == null || from.asEntityBareJidIfPossible() == null) return; // server notices, not peers
        String sender = from.asBareJid().toString();
        Message message = (Message) stanza;
        ExtensionElement chunkElement = message.getExtension(WireFormat.CHUNK_QNAME);
        ExtensionElement directElement = message.getExtension(WireFormat.DIRECT_QNAME);
        // Before reassembly: a sender the receiver does not know must not hold buffer space that
        // its peers' real transfers need, nor cost a checksum or a decode.
        if (!admits(sender)) {
            refused(sender, chunkElement != null ? "chunk" : directElement != null ? "direct" : "message");
            return;
        }
        if (directElement != null) {
            fetch(sender, directElement);
            return;
        }
        if (chunkElement != null) {
            Chunk chunk;
            try {
                chunk = WireFormat.fromElement(chunkElement);
            } catch (MalformedChunkException e) {
                reassembler.rejectMalformed(sender, e.getMessage());
                return;
            }
            reassembler.accept(sender, chunk).ifPresent(payload -> deliverInOrder(sender, payload));
            return;
        }
        String body = message.getBody();
        if (body != null) deliverInOrder(sender, body);
    }

    /** Fetches an offered payload on a fetcher thread; refuses offers above our limits unread. */
    private void fetch(String sender, ExtensionElement element) {
        DirectOffer offer;
        try {
            offer = WireFormat.offerFromElement(element);
        } catch (MalformedChunkException e) {
            failedFetches.incrementAndGet();
            LOG.warn("Malformed direct-transfer offer from {} dropped: {}", sender, e.getMessage());
            return;
        }
        ReassemblyLimits limits = settings.reassembly();
        if (offer.length() > limits.maxPayloadBytes()) {
            failedFetches.incrementAndGet();
            LOG.error("Direct-transfer offer from {} refused: {}", sender, tooLarge("its payload", offer.length(), limits));
            return;
        }
        inOrder.compute(sender, (s, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            return previous.thenRunAsync(() -> {
                try {
                    deliver(sender, DirectFetch.fetch(offer, limits.timeToComplete()));
                } catch (DirectFetch.FetchException e) {
                    failedFetches.incrementAndGet();
                    LOG.error("Payload from {} lost: {}", sender, e.getMessage());
                } catch (OutOfMemoryError e) {
                    // A future keeps what its task throws and nobody reads it: unlogged, a payload the
                    // heap cannot hold was lost without a word. The heap comes back once it is dropped.
                    failedFetches.incrementAndGet();
                    LOG.error("Payload from {} lost: {} bytes did not fit in the heap ({}); raise it with"
                            + " JAVA_OPTS, e.g. -Xmx{}m", sender, offer.length(), e.getMessage(),
                            Math.max(1024L, 6L * offer.length() / (1 << 20) + 1024));
                } catch (RuntimeException e) {
                    failedFetches.incrementAndGet();
                    LOG.error("Payload from {} lost", sender, e);
                }
            }, fetchers);
        });
    }

    /** Delivers at once unless a direct fetch from the same sender is still under way. */
    private void deliverInOrder(String sender, String payload) {
        CompletableFuture<Void> tail = inOrder.get(sender);
        if (tail == null || tail.isDone()) {
            if (tail != null) inOrder.remove(sender, tail);
            deliver(sender, payload);
            return;
        }
        inOrder.compute(sender, (s, current) -> (current == null ? CompletableFuture.<Void>completedFuture(null) : current)
                .thenRunAsync(() -> deliver(sender, payload), fetchers));
    }

    /** The server returns messages it could not deliver; with offline storage off, the recipient was offline. */
    private void onBounce(Stanza stanza) {
        LOG.debug("XMPP message from {} to {} bounced: {}", settings.jid(), stanza.getFrom(),
                stanza.getError() == null ? "no reason given" : stanza.getError().getCondition());
    }

    private boolean admits(String sender) {
        try {
            return listener.admits(sender);
        } catch (RuntimeException e) {
            LOG.error("Transport listener of {} threw deciding whether to read {}; reading it", settings.jid(), sender, e);
            return true;
        }
    }

    private void refused(String sender, String kind) {
        try {
            listener.onRefused(sender, kind);
        } catch (RuntimeException e) {
            LOG.error("Transport listener of {} threw on a refused {} from {}", settings.jid(), kind, sender, e);
        }
    }

    private void deliver(String sender, String payload) {
        try {
            listener.onPayload(sender, payload);
        } catch (RuntimeException e) {
            LOG.error("Transport listener of {} threw on a payload from {}", settings.jid(), sender, e);
        }
    }

    private void notifyConnection(boolean connected) {
        try {
            listener.onConnectionChanged(connected);
        } catch (RuntimeException e) {
            LOG.error("Transport listener of {} threw on a connection change", settings.jid(), e);
        }
    }
}
