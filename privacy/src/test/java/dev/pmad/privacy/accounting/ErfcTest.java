package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values: mpmath 1.3 at 40 significant digits ({@code mpmath.erfc}, {@code mpmath.log}). */
class ErfcTest {
    @ParameterizedTest
    @CsvSource({
        "-3, 1.9999779095030014146",
        "-1, 1.8427007929497148693",
        "-0.5, 1.5204998778130465377",
        "0, 1.0",
        "1e-5, 0.999988716208329421",
        "0.3, 0.67137324054087257236",
        "0.5, 0.47950012218695346232",
        "1, 0.15729920705028513066",
        "1.2, 0.089686021770364619762",
        "1.25, 0.077099871743541769863",
        "1.3, 0.065992055059347563396",
        "2, 0.0046777349810472658379",
        "3, 0.000022090496998585441373",
        "5, 1.5374597944280348502e-12",
        "10, 2.088487583762544757e-45",
        "20, 5.3958656116079009289e-176",
        "26.5, 2.2109076642637342759e-307",
    })
    void erfc_matchesMpmathTo1e14Relative(double x, double expected) {
        assertEquals(expected, Erfc.erfc(x), 1e-14 * expected);
    }

    @ParameterizedTest
    @CsvSource({
        "-10, 0.69314718055994530942",
        "0.5, -0.73501112983708440303",
        "1.25, -2.5626536619221257245",
        "2, -5.3649412646166375745",
        "10, -102.87988902484488857",
        "30, -903.97411711064387808",
        "100, -10005.177585122664333",
        "1000, -1000007.4801207219062",
        "1e5, -10000000012.085290408",
        "1e7, -100000000000016.69046",
        "1e9, -1000000000000000021.3",
    })
    void logErfc_matchesMpmathIncludingWhereErfcUnderflows(double x, double expected) {
        assertEquals(expected, Erfc.logErfc(x), 1e-14 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void logErfc_limits() {
        assertEquals(Double.NEGATIVE_INFINITY, Erfc.logErfc(Double.POSITIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, Erfc.logErfc(1e200));
        assertEquals(Math.log(2), Erfc.logErfc(Double.NEGATIVE_INFINITY), 0);
        assertTrue(Double.isNaN(Erfc.logErfc(Double.NaN)));
    }

    @Test
    void erfc_isContinuousAcrossTheSeriesToContinuedFractionSwitch() {
        double below = Erfc.erfc(Math.nextDown(1.25));
        double at = Erfc.erfc(1.25);
        assertEquals(at, below, 1e-14 * at);
        assertEquals(Erfc.logErfc(1.25), Math.log(below), 1e-14);
    }

    @Test
    void erf_isOddAndComplementsErfc() {
        for (double x = -4; x <= 4; x += 0.37) {
            assertEquals(-Erfc.erf(x), Erfc.erf(-x), 0);
            assertEquals(1.0, Erfc.erf(x) + Erfc.erfc(x), 2e-16);
        }
    }
}
