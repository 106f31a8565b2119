package dev.pmad.agent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.testing.RepoData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaInferenceTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Schema infer(String text, String label) throws IOException {
        return SchemaInference.infer(List.of(csv("data.csv", text)), label);
    }

    @Test
    void infer_numbersAndText_detectsNumericAndCategorical() throws IOException {
        Schema s = infer("age,city,score,label\n30,Paris,1e3,a\n41.5,Oslo,-2,b\n", "label");
        assertEquals(List.of(FeatureSpec.numeric("age", 30, 42), FeatureSpec.categorical("city", List.of("Oslo", "Paris")),
                FeatureSpec.numeric("score", -2, 1000)), s.features());
    }

    @Test
    void infer_numericRange_isRoundedOutwardToTwoSignificantDigits() throws IOException {
        Schema s = infer("w,c,label\n12285,-0.0123,a\n1484705,7,b\n", "label");
        assertEquals(FeatureSpec.numeric("w", 12000, 1500000), s.features().get(0));
        assertEquals(FeatureSpec.numeric("c", -0.013, 7), s.features().get(1));
    }

    @Test
    void infer_constantColumn_getsARangeOfWidthOne() throws IOException {
        assertEquals(FeatureSpec.numeric("k", 5, 6), infer("k,label\n5,a\n5,b\n", "label").features().get(0));
    }

    @Test
    void infer_categories_areSortedAndDistinct() throws IOException {
        Schema s = infer("colour,label\nred,a\nblue,b\nred,a\ngreen,b\n", "label");
        assertEquals(List.of("blue", "green", "red"), s.features().get(0).categories());
    }

    @Test
    void infer_textAfterNumbers_isCategoricalWithEveryValue_fromEveryFile() throws IOException {
        // Numeric columns keep no values; one that turns to text at the end still lists all of its own.
        Path train = csv("train.csv", "code,label\n10,a\n9,b\n10,a\n");
        Path test = csv("test.csv", "code,label\n7,a\nx1,b\n");
        Schema s = SchemaInference.infer(List.of(train, test), "label");
        assertEquals(FeatureSpec.categorical("code", List.of("10", "7", "9", "x1")), s.features().get(0));
    }

    @Test
    void infer_numericLabels_sortNumerically() throws IOException {
        Schema s = infer("x,label\n1,2\n2,10\n3,1\n", "label");
        assertEquals(List.of("1", "2", "10"), s.classes());
    }

    @Test
    void infer_textLabels_sortAlphabetically() throws IOException {
        Schema s = infer("x,label\n1,M\n2,B\n3,M\n", "label");
        assertEquals(List.of("B", "M"), s.classes());
    }

    @Test
    void infer_missingValues_areIgnored() throws IOException {
        Schema s = infer("age,colour,label\n?,red,a\n,?,b\n3,,a\n4,blue,?\n", "label");
        assertEquals(FeatureSpec.numeric("age", 3, 4), s.features().get(0));
        assertEquals(List.of("blue", "red"), s.features().get(1).categories());
        assertEquals(List.of("a", "b"), s.classes());
    }

    @Test
    void infer_twoFiles_unionOfValues() throws IOException {
        Path a = csv("a.csv", "colour,label\nred,x\n");
        Path b = csv("b.csv", "colour,label\nblue,y\n");
        Schema s = SchemaInference.infer(List.of(a, b), "label");
        assertEquals(List.of("blue", "red"), s.features().get(0).categories());
        assertEquals(List.of("x", "y"), s.classes());
    }

    @Test
    void infer_headerMismatchBetweenFiles_namesBothFiles() throws IOException {
        Path a = csv("a.csv", "x,label\n1,p\n2,q\n");
        Path b = csv("b.csv", "y,label\n1,p\n");
        var e = assertThrows(DataException.class, () -> SchemaInference.infer(List.of(a, b), "label"));
        assertTrue(e.getMessage().contains("b.csv:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("a.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void infer_missingLabelColumn_namesFileAndLabelOption() throws IOException {
        var e = assertThrows(DataException.class, () -> infer("x,y\n1,2\n", "label"));
        assertTrue(e.getMessage().contains("data.csv:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("'label'"), e.getMessage());
        assertTrue(e.getMessage().contains("--label"), e.getMessage());
    }

    @Test
    void infer_singleClass_saysClassifierNeedsTwo() throws IOException {
        var e = assertThrows(DataException.class, () -> infer("x,label\n1,a\n2,a\n", "label"));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void infer_wrongFieldCount_namesFileAndLine() throws IOException {
        var e = assertThrows(DataException.class, () -> infer("x,label\n1,a\n2\n", "label"));
        assertTrue(e.getMessage().contains("data.csv:3:"), e.getMessage());
    }

    @Test
    void infer_emptyAndHeaderOnlyFiles_namesFile() throws IOException {
        var empty = assertThrows(DataException.class, () -> infer("", "label"));
        assertTrue(empty.getMessage().contains("data.csv") && empty.getMessage().contains("empty"), empty.getMessage());
        var headerOnly = assertThrows(DataException.class, () -> infer("x,label\n", "label"));
        assertTrue(headerOnly.getMessage().contains("no data rows"), headerOnly.getMessage());
    }

    @Test
    void infer_breastCancer_thirtyNumericFeaturesAndTwoClasses() {
        Schema s = SchemaInference.infer(List.of(RepoData.file(RepoData.BREAST_CANCER)), "label");
        assertEquals(List.of("B", "M"), s.classes());
        assertEquals(30, s.features().size());
        assertEquals(30, s.numericCount());
        Table t = CsvLoader.load(RepoData.file(RepoData.BREAST_CANCER), s);
        assertEquals(569, t.size());
    }

    @Test
    void infer_wrongFieldCountBatchesLater_namesFileAndLine() throws IOException {
        // Rows are read in batches on another thread: the line must still be the record's.
        var text = new StringBuilder("x,label\n");
        for (int i = 0; i < 5000; i++) text.append(i).append(",a\n");
        text.append("7\n");
        var e = assertThrows(DataException.class, () -> infer(text.toString(), "label"));
        assertTrue(e.getMessage().contains("data.csv:5002: expected 2 fields like the header, found 1"), e.getMessage());
    }

    @Test
    void infer_unterminatedQuoteAfterManyRows_isNotAValidCsv() throws IOException {
        var text = new StringBuilder("x,label\n");
        for (int i = 0; i < 5000; i++) text.append(i).append(",a\n");
        text.append("\"7,a\n");
        var e = assertThrows(DataException.class, () -> infer(text.toString(), "label"));
        assertTrue(e.getMessage().contains("data.csv: cannot read CSV"), e.getMessage());
    }

    @Test
    void infer_manyRows_rangeCoversEveryBatch() throws IOException {
        var text = new StringBuilder("x,label\n");
        for (int i = 0; i < 5000; i++) text.append(i == 4321 ? 98765 : i % 7).append(",").append(i % 2).append("\n");
        Schema s = infer(text.toString(), "label");
        assertEquals(FeatureSpec.numeric("x", 0, 99000), s.features().get(0));
    }

    /** The fast parser must give Double.parseDouble's bits, and accept and refuse the same strings. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+1", "1.", ".5", "1e5", "1E-5", "1e400", "-1e400", "4.9e-324", "2e-324",
        "2.2250738585072014E-308", "1.7976931348623157e308", "1.7976931348623159e308", "0.1", "123456789012345678901234567890",
        "9007199254740993", "0.30000000000000004", "1d", "1F", "0x1p3", "0x1.8p1", "NaN", "-Infinity", "Infinity",
        "1e", "e1", ".", "-", "1..2", "1e+", "0x", "1,5", "12a", "abc", "1_000", "١٢", "+-1", "--1", "1e5.5"})
    void parseDouble_sameAsDoubleParseDouble(String s) {
        assertSameParse(s);
    }

    @Test
    void parseDouble_randomDecimals_sameBitsAsDoubleParseDouble() {
        var random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            assertSameParse(Double.toString(v));
            assertSameParse(String.format(java.util.Locale.ROOT, "%.4f", random.nextGaussian() * Math.pow(10, random.nextInt(12))));
            assertSameParse(random.nextInt(2_000_000) - 1_000_000 + "." + random.nextInt(1000) + "e" + (random.nextInt(640) - 320));
        }
    }

    private static void assertSameParse(String s) {
        Double expected;
        try {
            expected = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            assertThrows(NumberFormatException.class, () -> SchemaInference.parseDouble(s), s);
            return;
        }
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(SchemaInference.parseDouble(s)), s);
    }

    /**
     * A file without quotes is split by {@link PlainCsv}; the same file with its first header name
     * quoted goes through commons-csv: the two must give the same schema, or the same error.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "x,y,label\n1,a,0\n2,b,1\n",
        "x,y,label\r\n1,a,0\r\n2,b,1",
        "x,y,label\r1,a,0\r\r2,b,1\r",
        "\n\nx,y,label\n\n1, a ,0\n,,1\n 3 ,?,0\n\n",
        "\uFEFFx,y,label\n1,a,0\n2,b,1\n",
        "x,y,label\n1,a,0\n2,b\n",
        "x,y,label\n1,a,0\n2,b",
        "x,y,label\r\n1,a,0\r\n\r\n2,b\r\n",
        "x,y,label\n1,a,0\n2,b,1,\n",
        "x,y,label\n1,a,0\n2,b,1\n4,,\n",
        "x,y,label\n"})
    void infer_fileWithoutQuotes_sameAsCommonsCsv(String text) throws IOException {
        String quoted = text.replaceFirst("x,", "\"x\",");
        assertEquals(outcome(quoted), outcome(text));
    }

    private String outcome(String text) throws IOException {
        try {
            return infer(text, "label").toString();
        } catch (DataException e) {
            return e.getMessage();
        }
    }
}
