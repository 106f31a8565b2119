package dev.pmad.protocol;

import java.util.Objects;

/** Argument checks shared by the message records; messages name the offending field. */
final class Checks {
    static final int MAX_ID_LENGTH = 256;
    static final int MAX_TEXT_LENGTH = 2_000;

    private Checks() {}

    static String id(String value, String field) {
        Objects.requireNonNull(value, field + " is missing");
        if (value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    static String text(String value, String field) {
        Objects.requireNonNull(value, field + " is missing");
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return value;
    }

    static int round(int round) {
        if (round < 0) throw new IllegalArgumentException("round must be >= 0, was " + round);
        return round;
    }

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException(field + " must be finite, was " + value);
        return value;
    }

    static double nonNegative(double value, String field) {
        finite(value, field);
        if (value < 0) throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        return value;
    }

    /** Most elements one list field may hold: agents of a round, shares of an agent. */
    static final int MAX_LIST = 100_000;

    static <T> java.util.List<T> list(java.util.List<T> value, String field) {
        Objects.requireNonNull(value, field + " is missing");
        if (value.size() > MAX_LIST) throw new IllegalArgumentException(field + " has more than " + MAX_LIST + " elements");
        for (T element : value) Objects.requireNonNull(element, field + " holds a null");
        return java.util.List.copyOf(value);
    }

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, field + " is missing");
    }
}
