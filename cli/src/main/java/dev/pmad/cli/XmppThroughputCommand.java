package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.ProtocolException;
import dev.pmad.protocol.Weights;
import dev.pmad.transport.TransportException;
import dev.pmad.transport.direct.DirectSettings;
import dev.pmad.transport.xmpp.ReassemblyLimits;
import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.transport.xmpp.XmppTransport;
import dev.pmad.transport.xmpp.prosody.LocalProsody;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
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
 * coordinator through Prosody, end to end: encoded by the codec, sent (in-band chunks or a direct
 * fetch offered over XMPP), received, decoded back into weights and checked bit-identical. Beside
 * it, in the same run, the machine's ceiling: one TLS connection on loopback in this JVM. Hidden:
 * it measures the platform, it is not a feature.
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

    @Option(names = "--direct", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Large updates fetched directly from the sender (XMPP_DIRECT_HOST=127.0.0.1), or --no-direct: in-band chunks (default: ${DEFAULT-VALUE}).")
    boolean direct;

    @Override
    public Integer call() throws Exception {
        LocalProsody.missingExecutable().ifPresent(missing -> {
            throw new IllegalArgumentException(missing + " is not on PATH: install Prosody (apt-get install -y prosody)");
        });
        if (parameters < 1 || messages < 1 || warmup < 0) {
            throw new IllegalArgumentException("--parameters and --messages must be >= 1 and --warmup >= 0");
        }
        ReassemblyLimits limits = ReassemblyLimits.forModel(Math.max(parameters, ReassemblyLimits.DEFAULT_MAX_MODEL_PARAMETERS));
        MessageCodec codec = new MessageCodec(limits.maxPayloadBytes());
        try (LocalProsody prosody = LocalProsody.builder().build()) {
            prosody.start();
            var accounts = prosody.createAccounts(List.of("coordinator", "agent-1"));
            DirectSettings directSettings = direct ? new DirectSettings(prosody.host(), 0) : null;
            BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
            ModelUpdate update = update(accounts.get(1).jid());
            try (XmppTransport receiver = new XmppTransport(prosody.settingsFor(accounts.get(0))
                         .withReassembly(limits).withDirect(directSettings));
                 XmppTransport sender = new XmppTransport(prosody.settingsFor(accounts.get(1))
                         .withReassembly(limits).withChunkBytes(chunkBytes).withDirect(directSettings))) {
                receiver.setListener((from, payload) -> arrivals.add(arrival(codec, payload, update)));
                sender.setListener((from, payload) -> { });
                receiver.start();
                sender.start();
                if (!receiver.awaitConnected(DEADLINE) || !sender.awaitConnected(DEADLINE)) {
                    throw new IllegalStateException("could not connect to the local Prosody: " + receiver.lastFailure()
                            + " / " + sender.lastFailure());
                }
                int payloadBytes = codec.encode(update).length(); // JSON is ASCII: one byte per char
                for (int i = 0; i < warmup; i++) oneWay(codec, sender, receiver.address(), update, arrivals);
                double[] seconds = new double[messages];
                for (int i = 0; i < messages; i++) seconds[i] = oneWay(codec, sender, receiver.address(), update, arrivals);
                long began = System.nanoTime();
                for (int i = 0; i < messages; i++) sender.send(receiver.address(), codec.encode(update));
                for (int i = 0; i < messages; i++) take(arrivals);
                double pipelined = (System.nanoTime() - began) / 1e9;
                double[] codecSeconds = codecSeconds(codec, update);
                // At least 64 MB per measurement, after one untimed for the JIT: a throughput, not a warm-up.
                long tlsBytes = Math.max(payloadBytes, 64_000_000L);
                var key = prosody.caCertificate().resolveSibling(prosody.domain() + ".key");
                LoopbackTls.secondsToMove(prosody.caCertificate(), key, tlsBytes);
                double[] tls = new double[3];
                for (int i = 0; i < tls.length; i++) tls[i] = tlsBytes / 1e6 / LoopbackTls.secondsToMove(prosody.caCertificate(), key, tlsBytes);
                System.out.println(new ObjectMapper().writeValueAsString(
                        result(payloadBytes, seconds, pipelined, codecSeconds, tls, receiver)));
            }
        }
        return 0;
    }

    private ObjectNode result(int payloadBytes, double[] seconds, double pipelinedSeconds, double[] codecSeconds,
                              double[] tlsMBps, XmppTransport receiver) {
        Arrays.sort(seconds);
        Arrays.sort(tlsMBps);
        double median = seconds[seconds.length / 2];
        double mb = payloadBytes / 1e6;
        double modelMb = parameters * (double) Double.BYTES / 1e6;
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("parameters", parameters);
        out.put("direct", direct);
        out.put("payloadMB", mb);
        out.put("modelMB", modelMb);
        out.put("chunkBytes", chunkBytes);
        out.put("messages", messages);
        out.put("medianSecondsPerUpdate", median);
        out.put("minSecondsPerUpdate", seconds[0]);
        out.put("maxSecondsPerUpdate", seconds[seconds.length - 1]);
        out.put("oneAtATimePayloadMBps", mb / median);
        out.put("pipelinedPayloadMBps", mb * messages / pipelinedSeconds);
        out.put("pipelinedModelMBps", modelMb * messages / pipelinedSeconds);
        out.put("encodeSeconds", codecSeconds[0]);
        out.put("decodeSeconds", codecSeconds[1]);
        out.put("encodePayloadMBps", mb / codecSeconds[0]);
        out.put("decodePayloadMBps", mb / codecSeconds[1]);
        out.put("loopbackTlsMBps", tlsMBps[tlsMBps.length / 2]);
        out.put("payloadShareOfLoopbackTls", mb / median / tlsMBps[tlsMBps.length / 2]);
        out.put("peakHeapMB", peakHeapMB());
        out.put("droppedAtReceiver", receiver.droppedCounts().values().stream().mapToLong(Long::longValue).sum());
        return out;
    }

    /**
     * The most heap this JVM (sender, receiver and benchmark together) held at any point, in MB:
     * the sum of the heap pools' peaks, an upper bound on the peak of their sum.
     */
    private static double peakHeapMB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum() / 1e6;
    }

    /** A real MODEL_UPDATE: random deltas, as an agent's local step would send. */
    private ModelUpdate update(String sender) {
        var random = new Random(42);
        double[] delta = new double[parameters];
        for (int i = 0; i < parameters; i++) delta[i] = random.nextGaussian() * 0.01;
        return new ModelUpdate("run-benchmark", 1, sender, Weights.of(delta), 1000, 0.5, 0, 1.0);
    }

    /** What the receiver hands the waiting benchmark: the decoded update's delta, checked bit-identical, or the failure. */
    private static Object arrival(MessageCodec codec, String payload, ModelUpdate sent) {
        try {
            ModelUpdate received = (ModelUpdate) codec.decode(payload);
            return received.delta().equals(sent.delta()) ? Boolean.TRUE : "the update arrived with different weights";
        } catch (ProtocolException | RuntimeException e) {
            return "the update did not decode: " + e.getMessage();
        }
    }

    /** Median seconds to encode and to decode the update, 3 times each. */
    private static double[] codecSeconds(MessageCodec codec, ModelUpdate update) throws ProtocolException {
        double[] encode = new double[3];
        double[] decode = new double[3];
        for (int i = 0; i < 3; i++) {
            long began = System.nanoTime();
            String json = codec.encode(update);
            encode[i] = (System.nanoTime() - began) / 1e9;
            began = System.nanoTime();
            codec.decode(json);
            decode[i] = (System.nanoTime() - began) / 1e9;
        }
        Arrays.sort(encode);
        Arrays.sort(decode);
        return new double[] {encode[1], decode[1]};
    }

    private static double oneWay(MessageCodec codec, XmppTransport sender, String to, ModelUpdate update,
                                 BlockingQueue<Object> arrivals) throws TransportException, InterruptedException {
        long began = System.nanoTime();
        sender.send(to, codec.encode(update));
        take(arrivals);
        return (System.nanoTime() - began) / 1e9;
    }

    private static void take(BlockingQueue<Object> arrivals) throws InterruptedException {
        Object arrival = arrivals.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (arrival == null) throw new IllegalStateException("an update did not arrive within " + DEADLINE.toSeconds() + " s");
        if (arrival != Boolean.TRUE) throw new IllegalStateException(arrival.toString());
    }
}
