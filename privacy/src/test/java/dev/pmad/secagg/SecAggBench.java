package dev.pmad.secagg;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The cryptographic cost of one secure-aggregation round, without transport: CPU time of the
 * clients (mean per agent) and of the server, and the bytes each agent would send and receive
 * (keys, ciphertexts, ring elements of ceil(bits / 8) bytes, names; no framing or encoding
 * overhead; the new global model, sent back as without secure aggregation, is not counted). One thread; CPU time from {@link ThreadMXBean}, median of three rounds after a
 * warm-up. Run:
 * <pre>
 * ./mvnw -B -o -q -pl privacy test-compile
 * java -Xmx3g -cp privacy/target/classes:privacy/target/test-classes dev.pmad.secagg.SecAggBench
 * </pre>
 * Arguments (optional): agent counts and parameter counts, e.g. {@code 5,20 1000,100000}.
 */
public final class SecAggBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int BITS = 32;

    private SecAggBench() {}

    public static void main(String[] args) {
        int[] agents = args.length > 0 ? parse(args[0]) : new int[] {5, 20, 50};
        int[] lengths = args.length > 1 ? parse(args[1]) : new int[] {1_000, 100_000, 1_000_000};
        for (int i = 0; i < 3; i++) { // warm-up: JIT (the AES intrinsics), providers
            round(5, 1_000_000, Graph.COMPLETE, i == 1);
            round(20, 1_000, Graph.COMPLETE, i == 1);
        }
        System.out.println("| agents | parameters | graph | client CPU / agent | server CPU"
                + " | server CPU, 1 dropped | sent / agent | received / agent"
                + " | update without secure aggregation |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int n : agents) {
            for (int len : lengths) {
                List<Graph> graphs = new ArrayList<>(List.of(Graph.defaultFor(n)));
                if (n >= 50) {
                    graphs.add(Graph.harary(10));
                }
                for (Graph g : graphs) {
                    Result all = median(n, len, g, false);
                    Result drop = median(n, len, g, true);
                    System.out.printf("| %d | %,d | %s | %s | %s | %s | %s | %s | %s |%n", n, len,
                            g.kind() == Graph.Kind.COMPLETE ? "complete" : "Harary k=" + g.degree(),
                            ms(all.clientNanos / n), ms(all.serverNanos), ms(drop.serverNanos),
                            bytes(all.sent / n), bytes(all.received / n), bytes(8L * len));
                }
            }
        }
    }

    private record Result(long clientNanos, long serverNanos, long sent, long received) {}

    /** Median of three rounds, by client and by server CPU time separately. */
    private static Result median(int n, int len, Graph g, boolean oneDrops) {
        Result[] r = {round(n, len, g, oneDrops), round(n, len, g, oneDrops),
            round(n, len, g, oneDrops)};
        long[] c = {r[0].clientNanos, r[1].clientNanos, r[2].clientNanos};
        long[] s = {r[0].serverNanos, r[1].serverNanos, r[2].serverNanos};
        java.util.Arrays.sort(c);
        java.util.Arrays.sort(s);
        return new Result(c[1], s[1], r[0].sent, r[0].received);
    }

    private static Result round(int n, int len, Graph graph, boolean oneDrops) {
        List<String> names = Federation.names(n);
        SecAggParams p = new SecAggParams("bench", 1, names, SecAggParams.defaultThreshold(
                SecAggParams.holderCount(n, graph)), BITS, graph, len);
        long[] client = {0};
        long[] server = {0};
        long sent = 0;
        long received = 0;
        int element = (BITS + 7) / 8;
        SecAggServer s = new SecAggServer(p);
        Map<String, SecAggClient> clients = new HashMap<>();
        for (String a : names) {
            SecAggClient c = timed(client, () -> new SecAggClient(a, p, new SecureRandom()));
            clients.put(a, c);
            KeyAdvert adv = timed(client, c::advertise);
            sent += size(adv);
            timed(server, () -> {
                s.accept(adv);
                return null;
            });
        }
        List<KeyAdvert> roster = timed(server, s::roster);
        long rosterBytes = roster.stream().mapToLong(SecAggBench::size).sum();
        for (String a : names) {
            received += rosterBytes;
            List<EncryptedShare> out = timed(client, () -> clients.get(a).shareKeys(roster));
            sent += out.stream().mapToLong(SecAggBench::size).sum();
            timed(server, () -> {
                s.accept(out, a);
                return null;
            });
        }
        SplittableRandom values = new SplittableRandom(1);
        String dropped = names.get(n / 2);
        for (String a : names) {
            List<EncryptedShare> toMe = timed(server, () -> s.sharesFor(a));
            received += toMe.stream().mapToLong(SecAggBench::size).sum();
            if (oneDrops && a.equals(dropped)) {
                continue;
            }
            long[] x = new long[len];
            for (int i = 0; i < len; i++) {
                x[i] = values.nextLong() & p.ringMask();
            }
            long[] y = timed(client, () -> clients.get(a).maskedInput(toMe, x));
            sent += (long) element * len;
            timed(server, () -> {
                s.acceptMasked(a, y);
                return null;
            });
        }
        UnmaskRequest req = timed(server, s::unmaskRequest);
        for (String a : req.survivors()) {
            received += 8L * (req.survivors().size() + req.dropped().size()); // names, roughly
            UnmaskReply r = timed(client, () -> clients.get(a).unmask(req));
            sent += (long) Shamir.SHARE_BYTES
                    * (r.selfSeedShares().size() + r.maskKeyShares().size());
            timed(server, () -> {
                s.accept(r);
                return null;
            });
        }
        timed(server, s::sum);
        return new Result(client[0], server[0], sent, received);
    }

    private static long size(KeyAdvert a) {
        return a.agent().length() + a.cipherPublicKey().length + a.maskPublicKey().length;
    }

    private static long size(EncryptedShare e) {
        return e.from().length() + e.to().length() + e.nonceAndCiphertext().length;
    }

    private interface Call<T> {
        T call();
    }

    private static <T> T timed(long[] acc, Call<T> call) {
        long t0 = CPU.getCurrentThreadCpuTime();
        T result = call.call();
        acc[0] += CPU.getCurrentThreadCpuTime() - t0;
        return result;
    }

    private static String ms(long nanos) {
        double m = nanos / 1e6;
        return m >= 100 ? String.format("%,.0f ms", m) : String.format("%.1f ms", m);
    }

    private static String bytes(long b) {
        if (b >= 1 << 20) {
            return String.format("%.2f MiB", b / 1048576.0);
        }
        if (b >= 1 << 10) {
            return String.format("%.1f KiB", b / 1024.0);
        }
        return b + " B";
    }

    private static int[] parse(String csv) {
        String[] parts = csv.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }
}
