package dev.pmad.dashboard.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become HTTP responses. */
public final class ErrorMapping {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    public static void register(RoutesConfig routes) {
        routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e.getStatus(), e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            String request = describe(ctx);
            if (request == null) {
                // Jetty recycled the exchange: the client left (typically a closed event stream). Nobody to answer.
                log.debug("dashboard: request ended after its client left: {}", e.toString());
                return;
            }
            log.error("dashboard: {} failed", request, e);
            respond(ctx, 500, "internal error: " + e + " (details in the coordinator's log)");
        });
    }

    private static void respond(Context ctx, int status, String message) {
        ctx.status(status).json(new ApiError(status, HttpStatus.forStatus(status).getMessage(), message));
    }

    /** "METHOD /path", or null when the request is no longer there to ask. */
    private static String describe(Context ctx) {
        try {
            return ctx.method() + " " + ctx.path();
        } catch (RuntimeException gone) {
            return null;
        }
    }
}
