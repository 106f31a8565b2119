package dev.pmad.protocol;

/**
 * Shape of the multinomial logistic-regression model: one row of {@code features + 1} weights
 * (the last is the bias) per class, flattened row by row. Index {@code c * (features + 1) + j}
 * means "class c, encoded feature j" on every party, because both orders come from the schema.
 */
public record ModelShape(int classes, int features) implements java.io.Serializable {
    public ModelShape {
        if (classes < 2) throw new IllegalArgumentException("classes must be >= 2, was " + classes);
        if (features < 1) throw new IllegalArgumentException("features must be >= 1, was " + features);
    }

    public int rowLength() {
        return features + 1;
    }

    public int size() {
        return classes * (features + 1);
    }
}
