package dev.pmad.coordinator.tracking.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An MLflow tracking server reduced to what PMAD calls, written from MLflow's REST API
 * documentation (https://mlflow.org/docs/latest/rest-api.html, API 2.0) and its artifact proxy
 * ({@code mlflow_artifacts.proto}): same paths, same request and response fields, same error
 * bodies ({@code {"error_code": ..., "message": ...}}) and status codes, and the documented rules
 * that matter to a client: experiment names are unique, params cannot change once logged (the
 * same value again is fine), a log-batch holds at most 1000 metrics, 100 params and 100 tags
 * (1000 in all), metrics need key, value, timestamp and step. Search Runs understands the filter
 * grammar's equality clauses joined by AND ({@code attributes.status = 'RUNNING' AND
 * tags.k = "v"}) on attributes, tags and params, and refuses anything else as the server refuses
 * a filter it cannot parse; its pages and Get Metric History's are single pages (no
 * {@code next_page_token}), as a server answers when everything fits in one.
 *
 * <p>Every request is recorded for tests to assert on; {@link #failWith} and {@link #hang} turn
 * the server into a broken one. Listens on a free loopback port.
 */
public final class FakeMlflowServerFromRestDocs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One clause of a Search Runs filter this server understands: {@code type.name = 'value'}. */
    private static final Pattern FILTER_CLAUSE = Pattern.compile(
            "\\s*(attributes|attribute|attr|run|tags|tag|params|param)\\.(\\w+)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*");

    static {
        // Without it the JDK server's separate header and body writes meet the client's delayed ACK:
        // about 40 ms per request, which made these tests slow, not wrong.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as received. */
    public record Request(String method, String path, Map<String, String> query, byte[] body, String contentType,
                          String authorization) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        public String endpoint() {
            return method + " " + path;
        }
    }

    /** A run as the server holds it. */
    public static final class Run {
        public final String runId;
        public final String experimentId;
        public final String runName;
        public final long startTime;
        public volatile String status = "RUNNING";
        public volatile long endTime;
        public final Map<String, String> params = new ConcurrentHashMap<>();
        public final Map<String, String> tags = new ConcurrentHashMap<>();
        /** Each logged metric: key, value, timestamp, step. */
        public final List<JsonNode> metrics = new CopyOnWriteArrayList<>();

        Run(String runId, String experimentId, String runName, long startTime) {
            this.runId = runId;
            this.experimentId = experimentId;
            this.runName = runName;
            this.startTime = startTime;
        }

        public String artifactUri() {
            return "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts";
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-mlflow");
        t.setDaemon(true);
        return t;
    });
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final Map<String, String> experiments = new ConcurrentHashMap<>(); // name -> id
    public final Map<String, Run> runs = new ConcurrentHashMap<>();
    /** Artifact path below {@code /api/2.0/mlflow-artifacts/artifacts/} to its bytes. */
    public final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    public final Map<String, List<JsonNode>> modelVersions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile int failStatus;
    private volatile CountDownLatch hang;

    public FakeMlflowServerFromRestDocs() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on every request gets this status with an INTERNAL_ERROR body (0: answer normally). */
    public void failWith(int status) {
        failStatus = status;
    }

    /** From now on requests are read and never answered, until {@link #recover()}. */
    public void hang() {
        hang = new CountDownLatch(1);
    }

    public void recover() {
        failStatus = 0;
        CountDownLatch h = hang;
        hang = null;
        if (h != null) h.countDown();
    }

    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method.equals(method) && r.path.equals(path)).toList();
    }

    public List<String> endpoints() {
        return requests.stream().map(Request::endpoint).toList();
    }

    @Override
    public void close() {
        recover();
        server.stop(0);
        handlers.shutdownNow();
    }

    // ---- the API -------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            var request = new Request(exchange.getRequestMethod(), uri.getRawPath(), query(uri.getRawQuery()),
                    exchange.getRequestBody().readAllBytes(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(request);
            CountDownLatch h = hang;
            if (h != null) {
                // A server that took the request and never answers: the client must give up by itself.
                h.await(5, TimeUnit.MINUTES);
                return;
            }
            if (failStatus != 0) {
                reply(exchange, failStatus, error("INTERNAL_ERROR", "scripted failure"));
                return;
            }
            try {
                reply(exchange, 200, route(request));
            } catch (ApiError e) {
                reply(exchange, e.status, error(e.code, e.getMessage()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private JsonNode route(Request r) throws ApiError {
        String artifactPrefix = "/api/2.0/mlflow-artifacts/artifacts/";
        if (r.method.equals("PUT") && r.path.startsWith(artifactPrefix)) {
            artifacts.put(URLDecoder.decode(r.path.substring(artifactPrefix.length()), StandardCharsets.UTF_8), r.body);
            return JSON.createObjectNode();
        }
        if (r.method.equals("POST") && !"application/json".equals(mediaType(r.contentType))) {
            throw new ApiError(400, "BAD_REQUEST", "POST bodies are JSON; Content-Type was " + r.contentType);
        }
        return switch (r.method + " " + r.path) {
            case "GET /api/2.0/mlflow/experiments/get-by-name" -> getExperimentByName(r);
            case "POST /api/2.0/mlflow/experiments/create" -> createExperiment(r.json());
            case "POST /api/2.0/mlflow/runs/create" -> createRun(r.json());
            case "POST /api/2.0/mlflow/runs/log-batch" -> logBatch(r.json());
            case "POST /api/2.0/mlflow/runs/update" -> updateRun(r.json());
            case "POST /api/2.0/mlflow/runs/set-tag" -> setTag(r.json());
            case "POST /api/2.0/mlflow/runs/search" -> searchRuns(r.json());
            case "GET /api/2.0/mlflow/metrics/get-history" -> metricHistory(r);
            case "GET /api/2.0/mlflow/registered-models/get" -> getRegisteredModel(r);
            case "POST /api/2.0/mlflow/registered-models/create" -> createRegisteredModel(r.json());
            case "POST /api/2.0/mlflow/model-versions/create" -> createModelVersion(r.json());
            default -> throw new ApiError(404, "ENDPOINT_NOT_FOUND", "no " + r.method + " " + r.path);
        };
    }

    /** Get Experiment By Name: {@code experiment_name} → {@code {"experiment": Experiment}}. */
    private JsonNode getExperimentByName(Request r) throws ApiError {
        String name = required(r.query.get("experiment_name"), "experiment_name");
        String id = experiments.get(name);
        if (id == null) throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'");
        ObjectNode out = JSON.createObjectNode();
        out.putObject("experiment").put("experiment_id", id).put("name", name)
                .put("artifact_location", "mlflow-artifacts:/" + id).put("lifecycle_stage", "active");
        return out;
    }

    /** Create Experiment: {@code name} → {@code experiment_id}; RESOURCE_ALREADY_EXISTS for a taken name. */
    private JsonNode createExperiment(JsonNode body) throws ApiError {
        String name = required(text(body, "name"), "name");
        String id = Integer.toString(ids.incrementAndGet());
        if (experiments.putIfAbsent(name, id) != null) {
            throw new ApiError(400, "RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists.");
        }
        return JSON.createObjectNode().put("experiment_id", id);
    }

    /** Create Run: experiment_id, run_name, start_time, tags → {@code {"run": {"info": RunInfo, "data": {}}}}. */
    private JsonNode createRun(JsonNode body) throws ApiError {
        String experiment = required(text(body, "experiment_id"), "experiment_id");
        if (!experiments.containsValue(experiment)) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experiment + " exists");
        }
        String id = "r" + ids.incrementAndGet() + "0123456789abcdef";
        var run = new Run(id, experiment, text(body, "run_name"), body.path("start_time").asLong());
        runs.put(id, run);
        ObjectNode out = JSON.createObjectNode();
        ObjectNode runNode = out.putObject("run");
        runNode.putObject("info").put("run_id", id).put("run_uuid", id).put("run_name", run.runName).put("experiment_id", experiment)
                .put("status", run.status).put("start_time", run.startTime).put("artifact_uri", run.artifactUri())
                .put("lifecycle_stage", "active");
        runNode.putObject("data");
        return out;
    }

    /** Log Batch: run_id, metrics, params, tags → {@code {}}. */
    private JsonNode logBatch(JsonNode body) throws ApiError {
        Run run = run(body);
        JsonNode metrics = body.path("metrics");
        JsonNode params = body.path("params");
        JsonNode tags = body.path("tags");
        if (metrics.size() > 1000 || params.size() > 100 || tags.size() > 100 || metrics.size() + params.size() + tags.size() > 1000) {
            throw new ApiError(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000 metrics,"
                    + " 100 params and 100 tags, 1000 in all");
        }
        for (JsonNode p : params) {
            String key = required(text(p, "key"), "param key");
            String value = required(text(p, "value"), "param value");
            String old = run.params.putIfAbsent(key, value);
            if (old != null && !old.equals(value)) {
                throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed. Param with key='"
                        + key + "' was already logged with value='" + old + "' for run ID='" + run.runId
                        + "'. Attempted logging new value '" + value + "'.");
            }
        }
        for (JsonNode t : tags) run.tags.put(required(text(t, "key"), "tag key"), required(text(t, "value"), "tag value"));
        for (JsonNode m : metrics) {
            for (String field : List.of("key", "value", "timestamp", "step")) {
                if (!m.has(field)) throw new ApiError(400, "INVALID_PARAMETER_VALUE", "metric without '" + field + "': " + m);
            }
            if (!m.get("key").asText().matches("[\\w./ -]+")) {
                throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Invalid metric name: '" + m.get("key").asText() + "'");
            }
            run.metrics.add(m);
        }
        return JSON.createObjectNode();
    }

    /** Update Run: run_id, status, end_time → {@code {"run_info": RunInfo}}. */
    private JsonNode updateRun(JsonNode body) throws ApiError {
        Run run = run(body);
        if (body.has("status")) {
            String status = body.get("status").asText();
            if (!List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
                throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Invalid run status " + status);
            }
            run.status = status;
        }
        if (body.has("end_time")) run.endTime = body.get("end_time").asLong();
        ObjectNode out = JSON.createObjectNode();
        out.putObject("run_info").put("run_id", run.runId).put("status", run.status).put("end_time", run.endTime);
        return out;
    }

    /** Set Tag: run_id, key, value → {@code {}}. */
    private JsonNode setTag(JsonNode body) throws ApiError {
        Run run = run(body);
        run.tags.put(required(text(body, "key"), "key"), required(text(body, "value"), "value"));
        return JSON.createObjectNode();
    }

    /**
     * Search Runs: experiment_ids, filter, run_view_type, max_results (default 1000, at most
     * 50000) → {@code {"runs": [Run]}}, newest first (the default order_by). Only active runs
     * exist here, so every run_view_type sees the same runs.
     */
    private JsonNode searchRuns(JsonNode body) throws ApiError {
        var experimentIds = new HashSet<String>();
        for (JsonNode id : body.path("experiment_ids")) experimentIds.add(id.asText());
        List<String[]> clauses = filterClauses(text(body, "filter"));
        int max = body.path("max_results").asInt(1000);
        if (max < 1 || max > 50_000) {
            throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Invalid value " + max + " for parameter 'max_results'"
                    + " supplied. It must be at most 50000");
        }
        ObjectNode out = JSON.createObjectNode();
        var found = out.putArray("runs");
        runs.values().stream()
                .filter(run -> experimentIds.contains(run.experimentId))
                .filter(run -> clauses.stream().allMatch(c -> c[2].equals(field(run, c[0], c[1]))))
                .sorted(Comparator.comparingLong((Run run) -> run.startTime).reversed())
                .limit(max)
                .forEach(run -> found.add(runJson(run)));
        return out;
    }

    /** Get Metric History: run_id (or the deprecated run_uuid), metric_key → {@code {"metrics": [Metric]}}. */
    private JsonNode metricHistory(Request r) throws ApiError {
        String id = r.query.containsKey("run_id") ? r.query.get("run_id") : r.query.get("run_uuid");
        Run run = runs.get(required(id, "run_id"));
        if (run == null) throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + id + "' not found");
        String key = required(r.query.get("metric_key"), "metric_key");
        ObjectNode out = JSON.createObjectNode();
        var metrics = out.putArray("metrics");
        for (JsonNode m : run.metrics) if (m.get("key").asText().equals(key)) metrics.add(m);
        return out;
    }

    /** {@code type.name = 'value'} clauses joined by AND, as {type, name, value}; none for an empty filter. */
    private static List<String[]> filterClauses(String filter) throws ApiError {
        var clauses = new ArrayList<String[]>();
        if (filter == null || filter.isBlank()) return clauses;
        for (String part : filter.split("(?i)\\s+and\\s+")) {
            var m = FILTER_CLAUSE.matcher(part);
            if (!m.matches()) {
                throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Invalid filter '" + filter + "' (this server"
                        + " understands only equality clauses joined by AND)");
            }
            String type = m.group(1).startsWith("tag") ? "tags" : m.group(1).startsWith("param") ? "params" : "attributes";
            clauses.add(new String[] {type, m.group(2), m.group(3) != null ? m.group(3) : m.group(4)});
        }
        return clauses;
    }

    private static String field(Run run, String type, String name) {
        return switch (type) {
            case "tags" -> run.tags.get(name);
            case "params" -> run.params.get(name);
            default -> switch (name) {
                case "run_name" -> run.runName;
                case "status" -> run.status;
                case "run_id" -> run.runId;
                default -> null;
            };
        };
    }

    /** A Run as the API shows it: {@code info} and {@code data} (its params, tags and latest metrics). */
    private static ObjectNode runJson(Run run) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("info").put("run_id", run.runId).put("run_uuid", run.runId).put("run_name", run.runName)
                .put("experiment_id", run.experimentId).put("status", run.status).put("start_time", run.startTime)
                .put("end_time", run.endTime).put("artifact_uri", run.artifactUri()).put("lifecycle_stage", "active");
        ObjectNode data = node.putObject("data");
        var latest = new LinkedHashMap<String, JsonNode>();
        for (JsonNode m : run.metrics) {
            JsonNode seen = latest.get(m.get("key").asText());
            if (seen == null || m.get("step").asLong() >= seen.get("step").asLong()) latest.put(m.get("key").asText(), m);
        }
        data.putArray("metrics").addAll(latest.values());
        var params = data.putArray("params");
        run.params.forEach((k, v) -> params.addObject().put("key", k).put("value", v));
        var tags = data.putArray("tags");
        run.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        return node;
    }

    /** Get RegisteredModel: name → {@code {"registered_model": ...}}, RESOURCE_DOES_NOT_EXIST when unknown. */
    private JsonNode getRegisteredModel(Request r) throws ApiError {
        String name = required(r.query.get("name"), "name");
        if (!modelVersions.containsKey(name)) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found");
        }
        ObjectNode out = JSON.createObjectNode();
        out.putObject("registered_model").put("name", name);
        return out;
    }

    /** Create RegisteredModel: name → {@code {"registered_model": ...}}, RESOURCE_ALREADY_EXISTS when taken. */
    private JsonNode createRegisteredModel(JsonNode body) throws ApiError {
        String name = required(text(body, "name"), "name");
        if (modelVersions.putIfAbsent(name, new CopyOnWriteArrayList<>()) != null) {
            throw new ApiError(400, "RESOURCE_ALREADY_EXISTS", "Registered Model (name=" + name + ") already exists.");
        }
        ObjectNode out = JSON.createObjectNode();
        out.putObject("registered_model").put("name", name);
        return out;
    }

    /** Create ModelVersion: name, source, run_id, tags, description → {@code {"model_version": ...}}. */
    private JsonNode createModelVersion(JsonNode body) throws ApiError {
        String name = required(text(body, "name"), "name");
        required(text(body, "source"), "source");
        List<JsonNode> versions = modelVersions.get(name);
        if (versions == null) throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found");
        if (body.hasNonNull("run_id") && !runs.containsKey(body.get("run_id").asText())) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + body.get("run_id").asText() + "' not found");
        }
        ObjectNode version = body.deepCopy();
        version.put("version", Integer.toString(versions.size() + 1)).put("status", "READY");
        versions.add(version);
        ObjectNode out = JSON.createObjectNode();
        out.set("model_version", version);
        return out;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Run run(JsonNode body) throws ApiError {
        String id = required(text(body, "run_id"), "run_id");
        Run run = runs.get(id);
        if (run == null) throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + id + "' not found");
        return run;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(String value, String field) throws ApiError {
        if (value == null || value.isEmpty()) {
            throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter '" + field + "'.");
        }
        return value;
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim();
    }

    private static Map<String, String> query(String raw) {
        var out = new LinkedHashMap<String, String>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static final class ApiError extends Exception {
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    /** All metrics of a run as (key, step) → value, for exact assertions. */
    public static Map<String, Double> metricsByKeyAndStep(Run run) {
        var out = new LinkedHashMap<String, Double>();
        for (JsonNode m : run.metrics) out.put(m.get("key").asText() + "@" + m.get("step").asLong(), m.get("value").asDouble());
        return out;
    }
}
