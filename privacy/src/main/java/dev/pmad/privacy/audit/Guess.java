package dev.pmad.privacy.audit;

/**
 * One way of guessing: the {@code in} highest-scoring canaries guessed IN, the {@code out}
 * lowest guessed OUT, abstention on the rest (Steinke et al. 2023, Algorithm 1), and how it did.
 *
 * @param correct           right guesses among {@code in + out}
 * @param empiricalEpsilon  the epsilon this guess rejects at its share of the significance
 */
public record Guess(int in, int out, int correct, double empiricalEpsilon) {
    public Guess {
        if (in < 0 || out < 0 || correct < 0 || correct > in + out) {
            throw new IllegalArgumentException("need in, out >= 0 and 0 <= correct <= in + out, got " + in + ", " + out + ", " + correct);
        }
    }

    public int guesses() {
        return in + out;
    }
}
