package dev.pmad.dashboard.stream;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotAcceptableResponse;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.http.sse.SseHandler;

/**
 * {@code GET /api/events}: reserve a place, then open the stream.
 *
 * <p>The place is taken on the request's own thread, before Javalin accepts the stream and hands
 * it to its async pool, and given back by {@link EventHub#serve} when the stream ends (or here,
 * if it never starts). A request that would only be answered empty-handed (no
 * {@code Accept: text/event-stream}, which Javalin's SSE handler ignores) is turned away first,
 * so that it cannot hold a place it never gives back.
 */
public final class EventStreamRoute {
    /** What a refused page waits before trying again: the page's own retry is 3 s. */
    static final int RETRY_AFTER_SECONDS = 5;

    private EventStreamRoute() {}

    public static void register(RoutesConfig routes, EventHub hub) {
        routes.get("/api/events", ctx -> open(ctx, hub));
    }

    private static void open(Context ctx, EventHub hub) throws Exception {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new NotAcceptableResponse("/api/events is a server-sent event stream: ask for it with"
                    + " 'Accept: text/event-stream' (as a browser's EventSource does)");
        }
        StreamLimit.Permit permit = hub.reserve().orElseThrow(() -> {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            return new ServiceUnavailableResponse("too many open dashboards (" + hub.maxStreams()
                    + " event streams); close some tabs, or try again in " + RETRY_AFTER_SECONDS + " s");
        });
        try {
            new SseHandler(sse -> hub.serve(sse, permit)).handle(ctx);
        } catch (Exception | Error e) {
            permit.close();
            throw e;
        }
    }
}
