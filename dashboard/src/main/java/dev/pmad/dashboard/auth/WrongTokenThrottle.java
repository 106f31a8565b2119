package dev.pmad.dashboard.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Wrong control tokens, counted per client: {@code limit} wrong tokens within {@code window}
 * block the client for a whole {@code window} from the last of them. While blocked, every control
 * request of that client is refused, <em>even one with the right token</em>: otherwise the block
 * would tell a guesser which guess was right. A right token while not blocked forgets the
 * client's earlier mistakes (a typo or two does not add up over a day).
 *
 * <p>Memory is bounded: at most {@code maxClients} clients are remembered (Caffeine evicts the
 * least useful beyond that), and each is forgotten {@code window} after its last wrong token.
 * Under a flood from more addresses than that, the oldest blocks may be forgotten early; a
 * guesser with that many addresses is not slowed by a per-address throttle anyway.
 *
 * <p>Not for clients behind one shared proxy address: they share one count. Time comes from a
 * Caffeine {@link Ticker}, so tests move it by hand.
 */
public final class WrongTokenThrottle {
    /** Defaults: 5 wrong tokens in a minute block for a minute; 10,000 clients remembered. */
    public static final int DEFAULT_LIMIT = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_CLIENTS = 10_000;

    /** One client's recent wrong tokens: how many, and when the count (or the block) ends. */
    private record Strikes(int count, long endsNanos) {}

    private final int limit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Strikes> strikes;

    public WrongTokenThrottle(int limit, Duration window, int maxClients, Ticker ticker) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (maxClients < 1) throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        // An entry is useless once its window has passed: its last write set that window.
        this.strikes = Caffeine.newBuilder().maximumSize(maxClients).expireAfterWrite(window).ticker(ticker)
                .executor(Runnable::run).build();
    }

    public static WrongTokenThrottle withDefaults() {
        return new WrongTokenThrottle(DEFAULT_LIMIT, DEFAULT_WINDOW, DEFAULT_MAX_CLIENTS, Ticker.systemTicker());
    }

    /** How long {@code client} must still wait, or empty when it may try. */
    public Optional<Duration> blockedFor(String client) {
        Strikes s = strikes.getIfPresent(client);
        if (s == null || s.count() < limit) return Optional.empty();
        long left = s.endsNanos() - ticker.read();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /** Counts a wrong token from {@code client}. */
    public void failed(String client) {
        long now = ticker.read();
        strikes.asMap().compute(client, (key, s) -> {
            if (s == null || s.endsNanos() - now <= 0) return new Strikes(1, now + windowNanos);
            int count = s.count() + 1;
            // The limit-th mistake starts a full window of waiting, not what is left of the count's.
            return new Strikes(count, count >= limit ? now + windowNanos : s.endsNanos());
        });
    }

    /** A right token from a client that was not blocked: its earlier mistakes no longer count. */
    public void succeeded(String client) {
        strikes.invalidate(client);
    }

    /** Clients remembered now (for tests: the table stays bounded). */
    public long clientsRemembered() {
        strikes.cleanUp();
        return strikes.estimatedSize();
    }
}
