package dev.pmad.dashboard.api;

import dev.pmad.dashboard.metrics.FederationMetrics;
import dev.pmad.dashboard.port.FederationPort;
import dev.pmad.dashboard.port.ModelFile;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.Map;

/** The open, read-only endpoints. Each answers from one immutable snapshot of the federation. */
public final class ReadEndpoints {
    private final FederationPort federation;
    private final FederationMetrics metrics;

    private ReadEndpoints(FederationPort federation, FederationMetrics metrics) {
        this.federation = federation;
        this.metrics = metrics;
    }

    public static void register(RoutesConfig routes, FederationPort federation, FederationMetrics metrics) {
        var endpoints = new ReadEndpoints(federation, metrics);
        routes.get("/api/state", ctx -> ctx.json(federation.state()));
        routes.get("/api/rounds", ctx -> ctx.json(federation.state().rounds()));
        routes.get("/api/agents", ctx -> ctx.json(federation.state().agents()));
        routes.get("/api/model", endpoints::model);
        routes.get("/health", endpoints::health);
        routes.get("/metrics", endpoints::metrics);
    }

    private void model(Context ctx) {
        ModelFile model = federation.finalModel().orElseThrow(() -> new NotFoundResponse(
                "no run has finished yet: start one, and download its model when it has ended"));
        ctx.header("Content-Disposition", "attachment; filename=\"" + model.fileName().replace("\"", "") + "\"");
        ctx.contentType(model.contentType()).result(model.content());
    }

    private void health(Context ctx) {
        var state = federation.state();
        ctx.json(Map.of("status", "UP", "phase", state.phase(), "agents", state.agents().size()));
    }

    private void metrics(Context ctx) {
        ctx.contentType(FederationMetrics.CONTENT_TYPE).result(metrics.scrape());
    }
}
