package dev.pmad.agent.data;

/**
 * Rows of one CSV parsed through the schema. Numeric values are raw (not yet standardised) with
 * {@code NaN} for missing; categorical values are category indices with {@code -1} for missing;
 * labels are class indices. Row-major arrays, not copied: treat as read-only.
 */
public record Table(Schema schema, String source, double[][] numeric, int[][] categorical, int[] labels) {

    public int size() {
        return labels.length;
    }

    /** The rows at {@code indices}, in that order. */
    public Table select(int[] indices) {
        double[][] num = new double[indices.length][];
        int[][] cat = new int[indices.length][];
        int[] lab = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            num[i] = numeric[indices[i]];
            cat[i] = categorical[indices[i]];
            lab[i] = labels[indices[i]];
        }
        return new Table(schema, source, num, cat, lab);
    }

    /** Rows of this table followed by rows of {@code other}. */
    public Table concat(Table other) {
        int n = size() + other.size();
        double[][] num = new double[n][];
        int[][] cat = new int[n][];
        int[] lab = new int[n];
        System.arraycopy(numeric, 0, num, 0, size());
        System.arraycopy(other.numeric, 0, num, size(), other.size());
        System.arraycopy(categorical, 0, cat, 0, size());
        System.arraycopy(other.categorical, 0, cat, size(), other.size());
        System.arraycopy(labels, 0, lab, 0, size());
        System.arraycopy(other.labels, 0, lab, size(), other.size());
        return new Table(schema, source, num, cat, lab);
    }
}
