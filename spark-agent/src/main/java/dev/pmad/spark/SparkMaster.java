package dev.pmad.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The value of {@code SPARK_MASTER}, checked before Spark sees it. Spark itself does not fail on
 * an unreachable master: its client retries registration in the background and every job waits
 * for executors that never come. So a {@code spark://} or {@code k8s://} master is first reached
 * over TCP, and an error names the variable instead of a hang.
 */
public record SparkMaster(String url) {
    public static final String VARIABLE = "SPARK_MASTER";
    public static final String DEFAULT = "local[*]";
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");

    public static SparkMaster parse(String value) {
        String url = value == null || value.isBlank() ? DEFAULT : value.trim();
        if (url.startsWith("local")) {
            if (!LOCAL.matcher(url).matches()) {
                throw new IllegalArgumentException(VARIABLE + "=" + url + " is not a local master: use local, local[*],"
                        + " local[N] or local[N,maxFailures] with N >= 1");
            }
        } else if (url.startsWith("spark://")) {
            endpoints(url); // validates host:port syntax
        } else if (url.startsWith("k8s://")) {
            k8sEndpoint(url);
        } else if (!url.equals("yarn")) {
            throw new IllegalArgumentException(VARIABLE + "=" + url + " is not a Spark master URL: use local[*] (Spark"
                    + " inside the agent's JVM), spark://host:7077 (a standalone cluster), k8s://https://host:port or yarn");
        }
        return new SparkMaster(url);
    }

    public boolean isLocal() {
        return url.startsWith("local");
    }

    /**
     * Opens and closes a TCP connection to every endpoint of a remote master, so an unreachable
     * cluster fails here, naming {@code SPARK_MASTER}, rather than hanging inside Spark.
     */
    public void checkReachable(Duration timeout) {
        List<InetSocketAddress> targets = url.startsWith("spark://") ? endpoints(url)
                : url.startsWith("k8s://") ? List.of(k8sEndpoint(url)) : List.of();
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress target : targets) {
            try (Socket socket = new Socket()) {
                socket.connect(target, (int) timeout.toMillis());
                return; // one reachable master of a high-availability list is enough
            } catch (IOException e) {
                failures.add(target.getHostString() + ":" + target.getPort() + " (" + describe(e) + ")");
            }
        }
        if (!failures.isEmpty()) {
            // A setting that points at nothing: a configuration error, like a bad value (exit 2).
            throw new IllegalArgumentException(VARIABLE + "=" + url + ": no Spark master answers at "
                    + String.join(", ", failures) + " within " + timeout.toSeconds() + " s; start the master,"
                    + " fix " + VARIABLE + ", or set it to local[*] to run Spark inside this agent");
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static List<InetSocketAddress> endpoints(String url) {
        String hosts = url.substring("spark://".length());
        if (hosts.isEmpty()) throw badRemote(url, "no host");
        List<InetSocketAddress> out = new ArrayList<>();
        for (String hostPort : hosts.split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) throw badRemote(url, "'" + hostPort + "' is not host:port");
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw badRemote(url, "port '" + hostPort.substring(colon + 1) + "' is not a number");
            }
            if (port < 1 || port > 65535) throw badRemote(url, "port " + port + " is outside 1..65535");
            // Resolved here; an unknown host stays unresolved and fails in checkReachable.
            out.add(new InetSocketAddress(hostPort.substring(0, colon), port));
        }
        return out;
    }

    private static InetSocketAddress k8sEndpoint(String url) {
        try {
            URI api = URI.create(url.substring("k8s://".length()));
            if (api.getHost() == null) throw badRemote(url, "no host in the API server URL");
            int port = api.getPort() > 0 ? api.getPort() : "http".equals(api.getScheme()) ? 80 : 443;
            return new InetSocketAddress(api.getHost(), port);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(VARIABLE)) throw e;
            throw badRemote(url, e.getMessage());
        }
    }

    private static IllegalArgumentException badRemote(String url, String why) {
        return new IllegalArgumentException(VARIABLE + "=" + url + " is not a valid master URL (" + why
                + "); expected e.g. spark://spark-master:7077");
    }
}
