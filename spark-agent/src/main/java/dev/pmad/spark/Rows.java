package dev.pmad.spark;

import java.io.Serializable;

/** The records Spark ships between driver and executors. */
final class Rows {
    private Rows() {}

    /**
     * One parsed row, as in {@link dev.pmad.agent.data.Table}: raw numeric values ({@code NaN} when
     * missing), category indices ({@code -1} when missing), the class index, and whether the row
     * belongs to the local test split.
     */
    record Raw(double[] numeric, int[] categorical, int label, boolean test) implements Serializable {}

    /** One row encoded under the global standardisation, in the schema's column order. */
    record Encoded(double[] x, int label) implements Serializable {}
}
