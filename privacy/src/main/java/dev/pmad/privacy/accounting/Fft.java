package dev.pmad.privacy.accounting;

/**
 * Radix-2 complex fast Fourier transform and the two convolutions the PLD accountant needs:
 * the linear convolution of two arrays, and an array convolved with itself n times through the
 * n-th power of its transform (as dp_accounting's {@code common.self_convolve}).
 *
 * <p>Why our own: the privacy module is JDK-only, no FFT library is served to this build, and
 * the PLD accountant needs nothing but power-of-two complex transforms of real arrays (a few
 * hundred thousand to a few million points). Iterative Cooley-Tukey, decimation in time, with
 * every twiddle factor computed directly by {@code Math.cos}/{@code Math.sin} (not by a
 * recurrence, whose rounding error grows with the length), so the round-off of a transform of
 * length N is about log2(N) x 1e-16 relative to the largest coefficient, as numpy's.
 */
final class Fft {
    /** Longest transform, 2^22 points (2 x 32 MiB of doubles): the accountant coarsens its grid before this. */
    static final int MAX_LENGTH = 1 << 22;

    private Fft() {}

    /** The smallest power of two &gt;= n (n &gt;= 1); IllegalStateException above {@link #MAX_LENGTH}. */
    static int lengthFor(long n) {
        if (n > MAX_LENGTH) {
            throw new IllegalStateException("transform of " + n + " points exceeds " + MAX_LENGTH);
        }
        int length = 1;
        while (length < n) length <<= 1;
        return length;
    }

    /**
     * In-place transform of (re, im), whose common length is a power of two: forward
     * X_k = sum_j x_j e^(-2 pi i jk/N), or inverse with e^(+2 pi i jk/N) and the factor 1/N.
     *
     * <p>The first stages run block by block on 2^12 points (64 KiB), which stay in cache, and
     * only the last stages sweep the whole array: a plain stage-by-stage loop reads and writes
     * every point once per stage and is bound by memory speed for long transforms.
     */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n != im.length || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("lengths must be one power of two, were " + re.length + " and " + im.length);
        }
        if (n > MAX_LENGTH) throw new IllegalArgumentException("transform of " + n + " points exceeds " + MAX_LENGTH);
        bitReverse(re, im);
        Twiddles w = Twiddles.forLength(n);
        double sign = inverse ? -1 : 1; // the table holds e^(-2 pi i k / N); the inverse uses its conjugate
        int block = Math.min(n, 1 << 12);
        for (int base = 0; base < n; base += block) {
            for (int m = 2; m <= block; m <<= 1) stage(re, im, w, sign, m, base, base + block);
        }
        for (int m = block << 1; m <= n; m <<= 1) stage(re, im, w, sign, m, 0, n);
        if (inverse) {
            double scale = 1.0 / n;
            for (int k = 0; k < n; k++) {
                re[k] *= scale;
                im[k] *= scale;
            }
        }
    }

    /** One radix-2 stage of span m over [from, to): X_a, X_b = X_a + w X_b, X_a - w X_b. */
    private static void stage(double[] re, double[] im, Twiddles w, double sign, int m, int from, int to) {
        int halfSpan = m / 2;
        int stride = w.length / m;
        for (int start = from; start < to; start += m) {
            for (int j = 0; j < halfSpan; j++) {
                double wr = w.cos[j * stride];
                double wi = sign * w.minusSin[j * stride];
                int a = start + j;
                int b = a + halfSpan;
                double tr = wr * re[b] - wi * im[b];
                double ti = wr * im[b] + wi * re[b];
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
            }
        }
    }

    /**
     * cos and -sin of 2 pi k / N for k &lt; N/2, kept for the longest N asked so far: a shorter
     * power of two n reads every (N/n)-th entry. Each entry is computed directly, never by
     * recurrence, so none carries more than an ulp of error.
     */
    private static final class Twiddles {
        private static volatile Twiddles cached = new Twiddles(2);
        final int length;
        final double[] cos;
        final double[] minusSin;

        private Twiddles(int length) {
            this.length = length;
            this.cos = new double[length / 2];
            this.minusSin = new double[length / 2];
            for (int k = 0; k < length / 2; k++) {
                double angle = 2 * Math.PI * k / length;
                cos[k] = Math.cos(angle);
                minusSin[k] = -Math.sin(angle);
            }
        }

        static Twiddles forLength(int n) {
            Twiddles t = cached;
            if (t.length < n) {
                t = new Twiddles(n);
                cached = t; // a race only computes the same table twice
            }
            return t;
        }
    }

    /** The full linear convolution of a and b, of length a.length + b.length - 1. */
    static double[] convolve(double[] a, double[] b) {
        int outLength = a.length + b.length - 1;
        int n = lengthFor(outLength);
        double[] re = java.util.Arrays.copyOf(a, n);
        double[] im = new double[n];
        double[] re2 = java.util.Arrays.copyOf(b, n);
        double[] im2 = new double[n];
        transform(re, im, false);
        transform(re2, im2, false);
        for (int k = 0; k < n; k++) {
            double r = re[k] * re2[k] - im[k] * im2[k];
            im[k] = re[k] * im2[k] + im[k] * re2[k];
            re[k] = r;
        }
        transform(re, im, true);
        return java.util.Arrays.copyOf(re, outLength);
    }

    /**
     * Entries {@code from .. from + length - 1} of x convolved with itself {@code times} times,
     * computed as the inverse transform of the {@code times}-th power of the transform of x
     * zero-padded to {@code n >= max(length, x.length)} points. That is a circular convolution:
     * entry i also receives the entries i +- n, i +- 2n, ... of the linear one, which the caller
     * makes negligible by choosing the window to hold all but a negligible tail (dp_accounting's
     * {@code self_convolve} does the same).
     */
    static double[] selfConvolve(double[] x, int times, long from, int length) {
        int n = lengthFor(Math.max(length, x.length));
        double[] re = java.util.Arrays.copyOf(x, n);
        double[] im = new double[n];
        transform(re, im, false);
        for (int k = 0; k < n; k++) {
            // (re + i im)^times by binary powering: about log2(times) products, each exact to 1 ulp.
            double pr = 1;
            double pi = 0;
            double br = re[k];
            double bi = im[k];
            for (int e = times; e > 0; e >>= 1) {
                if ((e & 1) != 0) {
                    double t = pr * br - pi * bi;
                    pi = pr * bi + pi * br;
                    pr = t;
                }
                double t = br * br - bi * bi;
                bi = 2 * br * bi;
                br = t;
            }
            re[k] = pr;
            im[k] = pi;
        }
        transform(re, im, true);
        double[] out = new double[length];
        int offset = (int) Math.floorMod(from, (long) n);
        int head = Math.min(length, n - offset); // out[i] = re[(offset + i) mod n]
        System.arraycopy(re, offset, out, 0, head);
        System.arraycopy(re, 0, out, head, length - head);
        return out;
    }

    private static void bitReverse(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
    }
}
