package dev.pmad.dashboard;

import dev.pmad.dashboard.api.ControlEndpoints;
import dev.pmad.dashboard.api.ErrorMapping;
import dev.pmad.dashboard.api.ReadEndpoints;
import dev.pmad.dashboard.auth.ControlGuard;
import dev.pmad.dashboard.auth.ControlToken;
import dev.pmad.dashboard.auth.WrongTokenThrottle;
import dev.pmad.dashboard.json.Json;
import dev.pmad.dashboard.metrics.FederationMetrics;
import dev.pmad.dashboard.port.FederationEvent;
import dev.pmad.dashboard.port.FederationPort;
import dev.pmad.dashboard.stream.EventHub;
import dev.pmad.dashboard.stream.EventStreamRoute;
import dev.pmad.dashboard.stream.StreamStats;
import dev.pmad.dashboard.web.PageAssets;
import dev.pmad.dashboard.web.SecurityHeaders;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running dashboard: a Javalin server over one {@link FederationPort}.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(DashboardConfig.defaults().withPort(8081), port)) {
 *     ... // until the coordinator shuts down
 * }
 * }</pre>
 *
 * <p>Not for exposing a coordinator on the internet as it is: there is no TLS and one shared
 * token; put it behind a reverse proxy that terminates TLS for that.
 *
 * <p>Hardening (docs/dashboard.md): every response carries {@link SecurityHeaders}; wrong control
 * tokens are throttled per client address ({@link WrongTokenThrottle}); event streams are limited
 * by a permit taken before a stream is accepted ({@link EventStreamRoute}).
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

    private final Javalin app;
    private final EventHub hub;
    private final AutoCloseable subscription;
    private final ScheduledExecutorService ticker;
    private final ControlToken token;

    private Dashboard(Javalin app, EventHub hub, AutoCloseable subscription, ScheduledExecutorService ticker,
                      ControlToken token) {
        this.app = app;
        this.hub = hub;
        this.subscription = subscription;
        this.ticker = ticker;
        this.token = token;
    }

    /** Starts serving; returns once the port is bound. Logs the address and, if generated, the token. */
    public static Dashboard start(DashboardConfig config, FederationPort federation) {
        return start(config, federation, WrongTokenThrottle.withDefaults());
    }

    /** As {@link #start(DashboardConfig, FederationPort)}, with the given throttle (tests move its clock). */
    static Dashboard start(DashboardConfig config, FederationPort federation, WrongTokenThrottle throttle) {
        ControlToken token = ControlToken.of(config.token());
        EventHub hub = new EventHub(federation::state, 8192, config.streamQueue(), config.keepAlive(), config.maxStreams());
        FederationMetrics metrics = new FederationMetrics(federation::state, hub::stats);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            SecurityHeaders.register(cfg.routes); // first: see its javadoc
            ErrorMapping.register(cfg.routes);
            PageAssets.register(cfg);
            ReadEndpoints.register(cfg.routes, federation, metrics);
            ControlEndpoints.register(cfg.routes, federation, new ControlGuard(token, throttle));
            EventStreamRoute.register(cfg.routes, hub);
        });
        AutoCloseable subscription = federation.subscribe(hub::publish);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-agents-refresh");
            t.setDaemon(true);
            return t;
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            closeQuietly(subscription);
            hub.close();
            ticker.shutdownNow();
            throw new IllegalStateException("the dashboard could not listen on " + config.host() + ":" + config.port()
                    + " (" + e.getMessage() + "); is the port in use? set DASHBOARD_PORT to another one", e);
        }
        long every = config.agentsRefresh().toMillis();
        ticker.scheduleAtFixedRate(() -> {
            if (hub.openStreams() > 0) hub.publish(new FederationEvent.AgentsChanged(federation.state().agents()));
        }, every, every, TimeUnit.MILLISECONDS);
        var dashboard = new Dashboard(app, hub, subscription, ticker, token);
        log.info("dashboard: listening on http://{}:{}/", "0.0.0.0".equals(config.host()) ? "localhost" : config.host(),
                dashboard.port());
        if (token.generated()) {
            log.info("dashboard: control token (generated; set DASHBOARD_TOKEN to choose one): {}", token.value());
        } else {
            log.info("dashboard: control token as configured (DASHBOARD_TOKEN)");
        }
        return dashboard;
    }

    /** The bound port (the real one when the config asked for 0). */
    public int port() {
        return app.port();
    }

    /** The control token Start and Stop need. */
    public String token() {
        return token.value();
    }

    /** How the event streams are doing (for benchmarks and tests). */
    public StreamStats streamStats() {
        return hub.stats();
    }

    @Override
    public void close() {
        closeQuietly(subscription);
        ticker.shutdownNow();
        hub.close();
        app.stop();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("dashboard: could not unsubscribe from the federation: {}", e.toString());
        }
    }
}
