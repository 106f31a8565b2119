package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.Weights;
import dev.pmad.transport.TransportException;
import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.transport.xmpp.XmppTransport;
import dev.pmad.transport.xmpp.prosody.LocalProsody;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmark behind {@code BENCHMARKS.md}: how fast one model update travels from an agent to the
 * coordinator through Prosody, TLS and chunking included. Hidden: it measures the platform, it is
 * not a feature.
 */
@Command(name = "xmpp-throughput", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark: one-way throughput of MODEL_UPDATE messages through a local Prosody. Prints JSON.")
final class XmppThroughputCommand implements Callable<Integer> {
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @Option(names = "--parameters", defaultValue = "500000", description = "Model parameters per update (default: ${DEFAULT-VALUE}).")
    int parameters;

    @Option(names = "--messages", defaultValue = "10", description = "Timed updates per mode (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed updates first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--chunk-bytes", defaultValue = "" + XmppSettings.DEFAULT_CHUNK_BYTES,
            description = "XMPP_CHUNK_BYTES of the sender (default: ${DEFAULT-VALUE}).")
    int chunkBytes;

    @Override
    public Integer call() throws Exception {
        LocalProsody.missingExecutable().ifPresent(missing -> {
            throw new IllegalArgumentException(missing + " is not on PATH: install Prosody (apt-get install -y prosody)");
        });
        if (parameters < 1 || messages < 1 || warmup < 0) {
            throw new IllegalArgumentException("--parameters and --messages must be >= 1 and --warmup >= 0");
        }
        try (LocalProsody prosody = LocalProsody.builder().build()) {
            prosody.start();
            var accounts = prosody.createAccounts(List.of("coordinator", "agent-1"));
            BlockingQueue<Integer> arrivals = new LinkedBlockingQueue<>();
            try (XmppTransport receiver = new XmppTransport(prosody.settingsFor(accounts.get(0)));
                 XmppTransport sender = new XmppTransport(prosody.settingsFor(accounts.get(1)).withChunkBytes(chunkBytes))) {
                receiver.setListener((from, payload) -> arrivals.add(payload.length()));
                sender.setListener((from, payload) -> { });
                receiver.start();
                sender.start();
                if (!receiver.awaitConnected(DEADLINE) || !sender.awaitConnected(DEADLINE)) {
                    throw new IllegalStateException("could not connect to the local Prosody: " + receiver.lastFailure()
                            + " / " + sender.lastFailure());
                }
                String payload = update(sender.address());
                for (int i = 0; i < warmup; i++) oneWay(sender, receiver.address(), payload, arrivals);
                double[] seconds = new double[messages];
                for (int i = 0; i < messages; i++) seconds[i] = oneWay(sender, receiver.address(), payload, arrivals);
                long began = System.nanoTime();
                for (int i = 0; i < messages; i++) sender.send(receiver.address(), payload);
                for (int i = 0; i < messages; i++) take(arrivals, payload);
                double pipelined = (System.nanoTime() - began) / 1e9;
                System.out.println(new ObjectMapper().writeValueAsString(result(payload, seconds, pipelined)));
            }
        }
        return 0;
    }

    private ObjectNode result(String payload, double[] seconds, double pipelinedSeconds) {
        Arrays.sort(seconds);
        double median = seconds[seconds.length / 2];
        double mb = payload.length() / 1e6; // JSON is ASCII: one byte per char
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("parameters", parameters);
        out.put("payloadMB", mb);
        out.put("modelMB", parameters * (double) Double.BYTES / 1e6);
        out.put("chunkBytes", chunkBytes);
        out.put("stanzasPerUpdate", (payload.length() + chunkBytes - 1) / chunkBytes);
        out.put("messages", messages);
        out.put("medianSecondsPerUpdate", median);
        out.put("minSecondsPerUpdate", seconds[0]);
        out.put("maxSecondsPerUpdate", seconds[seconds.length - 1]);
        out.put("oneAtATimePayloadMBps", mb / median);
        out.put("pipelinedPayloadMBps", mb * messages / pipelinedSeconds);
        out.put("pipelinedModelMBps", parameters * (double) Double.BYTES / 1e6 * messages / pipelinedSeconds);
        return out;
    }

    /** A real MODEL_UPDATE as the codec writes it: random deltas, base64 of little-endian doubles. */
    private String update(String sender) {
        var random = new Random(42);
        double[] delta = new double[parameters];
        for (int i = 0; i < parameters; i++) delta[i] = random.nextGaussian() * 0.01;
        return new MessageCodec().encode(new ModelUpdate("run-benchmark", 1, sender, Weights.of(delta), 1000, 0.5, 0, 1.0));
    }

    private static double oneWay(XmppTransport sender, String to, String payload, BlockingQueue<Integer> arrivals)
            throws TransportException, InterruptedException {
        long began = System.nanoTime();
        sender.send(to, payload);
        take(arrivals, payload);
        return (System.nanoTime() - began) / 1e9;
    }

    private static void take(BlockingQueue<Integer> arrivals, String payload) throws InterruptedException {
        Integer length = arrivals.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (length == null) throw new IllegalStateException("an update did not arrive within " + DEADLINE.toSeconds() + " s");
        if (length != payload.length()) {
            throw new IllegalStateException("an update arrived with " + length + " characters instead of " + payload.length());
        }
    }
}
