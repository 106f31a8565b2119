package dev.pmad.dashboard.api;

import dev.pmad.dashboard.auth.ControlGuard;
import dev.pmad.dashboard.port.ControlResult;
import dev.pmad.dashboard.port.FederationPort;
import dev.pmad.dashboard.port.StartRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Start and Stop. Both need the control token (checked before the body is even read, so an
 * unauthorised request learns nothing and starts nothing), and wrong tokens are throttled per
 * client ({@link ControlGuard}). The federation's own answer decides
 * 409 or 400, not a look at the state first: only the federation's loop knows whether a run is
 * in progress at the moment the request arrives.
 */
public final class ControlEndpoints {
    /** How long to wait for the federation's loop to answer; it normally takes microseconds. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final FederationPort federation;

    private ControlEndpoints(FederationPort federation) {
        this.federation = federation;
    }

    public static void register(RoutesConfig routes, FederationPort federation, ControlGuard guard) {
        var endpoints = new ControlEndpoints(federation);
        routes.before("/api/federation/*", guard::check);
        routes.post("/api/federation/start", endpoints::start);
        routes.post("/api/federation/stop", endpoints::stop);
    }

    private void start(Context ctx) {
        StartRequest request = StartBody.parse(ctx.body(), federation.state().maxTargetRounds());
        respond(ctx, federation.start(request));
    }

    private void stop(Context ctx) {
        respond(ctx, federation.stop("stopped from the dashboard"));
    }

    private static void respond(Context ctx, CompletionStage<ControlResult> answer) {
        ControlResult result = await(answer);
        switch (result.outcome()) {
            case ACCEPTED -> ctx.status(202).json(result);
            case CONFLICT -> throw new ConflictResponse(result.message());
            case INVALID -> throw new BadRequestResponse(result.message());
        }
    }

    private static ControlResult await(CompletionStage<ControlResult> answer) {
        try {
            return answer.toCompletableFuture().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ServiceUnavailableResponse("the coordinator did not answer within " + ANSWER_TIMEOUT.toSeconds()
                    + " s; it may be overloaded or stuck: see its log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableResponse("interrupted while waiting for the coordinator");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the coordinator failed to answer", e.getCause());
        }
    }
}
