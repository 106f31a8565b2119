package dev.pmad.spark;

import dev.pmad.agent.data.DataException;

/** Turns Spark's job failures back into the error that caused them on an executor. */
final class SparkErrors {
    private SparkErrors() {}

    /**
     * A bad row fails a task with a {@link DataException}, which Spark wraps in a job-abort
     * message several lines long; the user needs the original message, which names the column.
     */
    static RuntimeException unwrap(String what, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataException data) return new DataException(data.getMessage());
        }
        return new IllegalStateException("Spark failed while " + what + ": " + rootMessage(e), e);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
