package dev.pmad.dashboard.auth;

import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;
import io.javalin.http.UnauthorizedResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Before-handler of the control endpoints: 429 while the client is blocked for wrong tokens, 401
 * without the right token, otherwise through.
 *
 * <p>The client is the connection's remote address, never a forwarded-for header: a header is
 * the guesser's to choose, so trusting it would let every guess look like a new client. Behind a
 * reverse proxy every user therefore shares the proxy's address and its count.
 */
public final class ControlGuard {
    private final ControlToken token;
    private final WrongTokenThrottle throttle;

    public ControlGuard(ControlToken token, WrongTokenThrottle throttle) {
        this.token = token;
        this.throttle = throttle;
    }

    public void check(Context ctx) {
        String client = ctx.req().getRemoteAddr();
        Optional<Duration> blocked = throttle.blockedFor(client);
        if (blocked.isPresent()) {
            long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new TooManyRequestsResponse("too many wrong control tokens from this address: try again in "
                    + seconds + " s, with the token from DASHBOARD_TOKEN or the coordinator's log (until then even"
                    + " the right token is refused)");
        }
        String presented = ControlToken.presented(ctx);
        if (presented == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"pmad\"");
            throw new UnauthorizedResponse("this action needs the dashboard's control token: send it as '"
                    + ControlToken.HEADER + ": <token>' or 'Authorization: Bearer <token>' (DASHBOARD_TOKEN, or the"
                    + " one in the coordinator's log)");
        }
        if (!token.matches(presented)) {
            throttle.failed(client);
            ctx.header("WWW-Authenticate", "Bearer realm=\"pmad\", error=\"invalid_token\"");
            throw new UnauthorizedResponse("wrong control token: use DASHBOARD_TOKEN's value, or the one in the"
                    + " coordinator's log (a few wrong tokens in a row block this address for a while)");
        }
        throttle.succeeded(client);
    }
}
