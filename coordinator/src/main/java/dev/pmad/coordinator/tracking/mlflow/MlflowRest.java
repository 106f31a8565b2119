package dev.pmad.coordinator.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.tracking.TrackingSettings.Credentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * MLflow's REST API through the JDK's HTTP client, for the calls the Java client cannot make
 * (artifact upload without Python) or makes awkwardly (the Model Registry). Requests carry the
 * same credentials as the Java client's and a deadline each.
 */
final class MlflowRest {
    static final String API = "/api/2.0/mlflow/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI trackingUri;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    MlflowRest(URI trackingUri, Credentials credentials, Duration timeout) {
        this.trackingUri = trackingUri;
        this.authorization = credentials.authorization();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** {@code GET /api/2.0/mlflow/<path>?<name>=<value>}. */
    JsonNode get(String path, String name, String value) throws CallFailed, InterruptedException {
        URI uri = URI.create(trackingUri + API + path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return json("GET " + path, send(request(uri).GET(), "GET " + path));
    }

    /** {@code POST /api/2.0/mlflow/<path>} with a JSON body. */
    JsonNode post(String path, ObjectNode body) throws CallFailed, InterruptedException {
        HttpRequest.Builder request = request(URI.create(trackingUri + API + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        return json("POST " + path, send(request, "POST " + path));
    }

    /** {@code PUT <url>} with raw bytes: one file to the artifact proxy. */
    void put(URI url, byte[] bytes, String contentType) throws CallFailed, InterruptedException {
        send(request(url).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                "PUT " + url.getRawPath());
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "pmad-coordinator");
        if (authorization != null) b.header("Authorization", authorization);
        return b;
    }

    private String send(HttpRequest.Builder request, String what) throws CallFailed, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new CallFailed(what + ": no answer from " + trackingUri + " within " + timeout.toSeconds()
                    + " s (raise MLFLOW_HTTP_REQUEST_TIMEOUT if the server is just slow)", true, null, e);
        } catch (IOException e) {
            throw new CallFailed(what + ": cannot reach MLflow at " + trackingUri + " (" + e
                    + "); check MLFLOW_TRACKING_URI and that the server is up", true, null, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) return response.body();
        boolean retryable = status >= 500 || status == 429 || status == 408;
        throw new CallFailed(what + ": HTTP " + status + " " + abbreviate(response.body()), retryable,
                errorCode(response.body()), null);
    }

    private static JsonNode json(String what, String body) throws CallFailed {
        if (body == null || body.isBlank()) return JSON.createObjectNode();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CallFailed(what + ": answer is not JSON: " + abbreviate(body), false, null, e);
        }
    }

    /** MLflow's {@code error_code} from an error body, or {@code null}. */
    static String errorCode(String body) {
        if (body == null) return null;
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.hasNonNull("error_code") ? node.get("error_code").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String abbreviate(String body) {
        if (body == null) return "";
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
