// Encode and decode of one MODEL_UPDATE by MessageCodec alone (no transport): wall time and bytes
// allocated per operation, for a build's jars. Usage, from the repository root, after
// ./mvnw -q -DskipTests package:
//   java -Xmx6g -cp 'cli/target/lib/*' bench/CodecBench.java [PARAMETERS [REPEATS]]
// (defaults 10000000 and 7). Prints JSON: medians over REPEATS after 3 untimed rounds. Point
// -cp at another build's lib directory to compare two builds back to back.
import com.sun.management.ThreadMXBean;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.Weights;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

public class CodecBench {
    public static void main(String[] args) throws Exception {
        int parameters = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        var random = new Random(42);
        double[] delta = new double[parameters];
        for (int i = 0; i < parameters; i++) delta[i] = random.nextGaussian() * 0.01;
        ModelUpdate update = new ModelUpdate("run-benchmark", 1, "agent-1@localhost", Weights.of(delta), 1000, 0.5, 0, 1.0);
        var codec = new MessageCodec(Integer.MAX_VALUE - 1024);
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        double[] encode = new double[repeats];
        double[] decode = new double[repeats];
        long encodeBytes = 0;
        long decodeBytes = 0;
        int length = 0;
        for (int i = -3; i < repeats; i++) {
            long allocated = threads.getThreadAllocatedBytes(self);
            long began = System.nanoTime();
            String json = codec.encode(update);
            long encoded = System.nanoTime();
            long afterEncode = threads.getThreadAllocatedBytes(self);
            ModelUpdate back = (ModelUpdate) codec.decode(json);
            long decoded = System.nanoTime();
            long afterDecode = threads.getThreadAllocatedBytes(self);
            if (!back.delta().equals(update.delta())) throw new AssertionError("decoded weights differ");
            length = json.length();
            if (i >= 0) {
                encode[i] = (encoded - began) / 1e9;
                decode[i] = (decoded - encoded) / 1e9;
                encodeBytes = afterEncode - allocated;
                decodeBytes = afterDecode - afterEncode;
            }
        }
        Arrays.sort(encode);
        Arrays.sort(decode);
        double mb = length / 1e6;
        System.out.printf("{\"parameters\":%d,\"payloadMB\":%.1f,\"encodeSeconds\":%.3f,\"decodeSeconds\":%.3f,"
                        + "\"encodeMBps\":%.0f,\"decodeMBps\":%.0f,\"encodeAllocatedMB\":%.0f,\"decodeAllocatedMB\":%.0f}%n",
                parameters, mb, encode[repeats / 2], decode[repeats / 2], mb / encode[repeats / 2], mb / decode[repeats / 2],
                encodeBytes / 1e6, decodeBytes / 1e6);
    }
}
