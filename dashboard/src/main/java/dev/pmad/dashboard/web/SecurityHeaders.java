package dev.pmad.dashboard.web;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * The headers every response carries, whatever it is (page, asset, API, event stream, metrics,
 * error, 404), set by a before-handler that must be the first one registered: before-handlers
 * run in order, and one that throws (the control token's 401 or 429) skips those after it.
 * Javalin's global-headers plugin registers its handler after the application's, which is why
 * it is not used here.
 *
 * <p>The page loads only its own files: no inline script or style, no other origin, no framing
 * (clickjacking a Start button), no sniffing a JSON answer into a script, and no URL leaked in a
 * Referer. {@code img-src data:} is for the page's inline SVG favicon. Scripts may still set
 * {@code element.style} properties (CSSOM), which {@code style-src 'self'} allows; what the policy
 * refuses is a {@code style="..."} attribute in markup, so the page never writes one.
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'");

    /** Header name to value, as sent. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {}

    /** Call before registering any other before-handler. */
    public static void register(RoutesConfig routes) {
        routes.before(ctx -> HEADERS.forEach(ctx::header));
    }
}
