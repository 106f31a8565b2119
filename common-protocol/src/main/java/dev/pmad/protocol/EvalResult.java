package dev.pmad.protocol;

import java.util.List;

/**
 * Agent to coordinator: aggregate counts of scoring the global model on the local test split.
 *
 * @param confusion row-major {@code classes x classes} counts, row = true class, column = predicted
 * @param lossSum   sum over test rows of the cross-entropy of the true class
 * @param n         number of test rows scored
 */
public record EvalResult(String runId, int round, String sender, List<Long> confusion, double lossSum,
                         long n) implements Message {
    public EvalResult {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.present(confusion, "confusion");
        for (int i = 0; i < confusion.size(); i++) {
            if (confusion.get(i) == null) throw new IllegalArgumentException("confusion[" + i + "] is missing");
        }
        confusion = List.copyOf(confusion);
        long total = 0;
        for (int i = 0; i < confusion.size(); i++) {
            long c = confusion.get(i);
            if (c < 0) throw new IllegalArgumentException("confusion[" + i + "] is negative");
            // Overflow would let huge counts wrap around to any n.
            if (c > Long.MAX_VALUE - total) throw new IllegalArgumentException("confusion counts overflow a long");
            total += c;
        }
        Checks.nonNegative(lossSum, "lossSum");
        if (total != n) throw new IllegalArgumentException("confusion counts sum to " + total + " but n is " + n);
    }

    @Override
    public MessageType type() {
        return MessageType.EVAL_RESULT;
    }
}
