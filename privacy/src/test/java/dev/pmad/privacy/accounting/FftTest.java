package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The transform against the DFT's definition, the convolutions against direct sums. */
class FftTest {
    @Test
    void transform_matchesTheDefinitionOfTheDft() {
        Random random = new Random(1);
        int n = 64;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = random.nextGaussian();
            im[i] = random.nextGaussian();
        }
        double[] re0 = re.clone();
        double[] im0 = im.clone();
        Fft.transform(re, im, false);
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < n; j++) {
                double angle = -2 * Math.PI * j * k / n;
                sr += re0[j] * Math.cos(angle) - im0[j] * Math.sin(angle);
                si += re0[j] * Math.sin(angle) + im0[j] * Math.cos(angle);
            }
            assertEquals(sr, re[k], 1e-12);
            assertEquals(si, im[k], 1e-12);
        }
        Fft.transform(re, im, true);
        for (int i = 0; i < n; i++) {
            assertEquals(re0[i], re[i], 1e-14);
            assertEquals(im0[i], im[i], 1e-14);
        }
    }

    @Test
    void transform_longerThanOneCacheBlock_roundTrips() {
        Random random = new Random(2);
        int n = 1 << 14;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) re[i] = random.nextDouble();
        double[] re0 = re.clone();
        Fft.transform(re, im, false);
        double sum = 0;
        for (double v : re0) sum += v;
        assertEquals(sum, re[0], 1e-10); // X_0 is the sum
        Fft.transform(re, im, true);
        for (int i = 0; i < n; i++) assertEquals(re0[i], re[i], 1e-13);
    }

    @Test
    void convolve_equalsTheDirectSum() {
        double[] a = {0.1, 0.2, 0.3, 0.4};
        double[] b = {0.5, 0.25, 0.25};
        double[] c = Fft.convolve(a, b);
        assertEquals(6, c.length);
        for (int k = 0; k < c.length; k++) {
            double direct = 0;
            for (int i = 0; i < a.length; i++) {
                int j = k - i;
                if (j >= 0 && j < b.length) direct += a[i] * b[j];
            }
            assertEquals(direct, c[k], 1e-16);
        }
    }

    @Test
    void selfConvolve_equalsRepeatedConvolutionInTheWindow() {
        double[] p = {0.2, 0.5, 0.3};
        double[] direct = p;
        for (int t = 1; t < 7; t++) direct = Fft.convolve(direct, p); // p composed 7 times, length 15
        double[] window = Fft.selfConvolve(p, 7, 3, 9);
        for (int i = 0; i < 9; i++) assertEquals(direct[3 + i], window[i], 1e-15);
        double[] whole = Fft.selfConvolve(p, 7, 0, 15);
        for (int i = 0; i < 15; i++) assertEquals(direct[i], whole[i], 1e-15);
    }

    @Test
    void transform_refusesLengthsThatAreNotPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> Fft.transform(new double[6], new double[6], false));
    }
}
