package dev.pmad.agent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
    private static final Schema SCHEMA = new Schema("label", List.of("no", "yes"), List.of(
            FeatureSpec.numeric("age"),
            FeatureSpec.categorical("colour", List.of("blue", "red"))));

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Loads {@code text} and returns the message of the DataException it must raise. */
    private String failure(String text) throws IOException {
        Path file = csv("bad.csv", text);
        return assertThrows(DataException.class, () -> CsvLoader.load(file, SCHEMA)).getMessage();
    }

    private static void assertNames(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
    }

    @Test
    void load_declaredRange_clampsValuesOutsideIt_andKeepsMissingOnes() throws IOException {
        var ranged = new Schema("label", List.of("no", "yes"), List.of(FeatureSpec.numeric("age", 18, 90)));
        Table t = CsvLoader.load(csv("r.csv", "age,label\n3,no\n40,yes\n120,no\n?,yes\n"), ranged);
        assertArrayEquals(new double[] {18}, t.numeric()[0]);
        assertArrayEquals(new double[] {40}, t.numeric()[1]);
        assertArrayEquals(new double[] {90}, t.numeric()[2]);
        assertTrue(Double.isNaN(t.numeric()[3][0]));
    }

    @Test
    void schema_rangeMustBeWholeAndOrdered_andOnlyOnNumericFeatures() {
        assertTrue(assertThrows(DataException.class, () -> new FeatureSpec("a", FeatureSpec.NUMERIC, null, 1.0, null, null, null))
                .getMessage().contains("only one of 'min' and 'max'"));
        assertTrue(assertThrows(DataException.class, () -> FeatureSpec.numeric("a", 5, 5)).getMessage().contains("'min' < 'max'"));
        assertTrue(assertThrows(DataException.class, () -> new FeatureSpec("c", FeatureSpec.CATEGORICAL, List.of("x"), 0.0, 1.0, null, null))
                .getMessage().contains("must not give 'min'"));
        assertTrue(assertThrows(DataException.class, () -> FeatureSpec.numeric("a", 0, 1).withScale(0.5, 0)).getMessage()
                .contains("'std' > 0"));
    }

    @Test
    void load_goodFile_parsesValuesInSchemaOrder() throws IOException {
        // Columns in another order than the schema, with blank and '?' missing values.
        Path file = csv("good.csv", "colour,label,age\nred,yes,30\n,no,?\nblue,no,4.5\n?,yes,\n");
        Table t = CsvLoader.load(file, SCHEMA);
        assertEquals(4, t.size());
        assertArrayEquals(new int[] {1, 0, 0, 1}, t.labels());
        assertArrayEquals(new double[] {30}, t.numeric()[0]);
        assertTrue(Double.isNaN(t.numeric()[1][0]));
        assertArrayEquals(new double[] {4.5}, t.numeric()[2]);
        assertTrue(Double.isNaN(t.numeric()[3][0]));
        assertArrayEquals(new int[] {1}, t.categorical()[0]);
        assertArrayEquals(new int[] {-1}, t.categorical()[1]);
        assertArrayEquals(new int[] {0}, t.categorical()[2]);
        assertArrayEquals(new int[] {-1}, t.categorical()[3]);
        assertEquals(file.toString(), t.source());
    }

    @Test
    void load_missingLabelColumn_namesFileLineAndColumn() throws IOException {
        assertNames(failure("age,colour\n1,red\n"), "bad.csv:1:", "'label'", "age, colour");
    }

    @Test
    void load_missingFeatureColumn_namesFileLineAndColumn() throws IOException {
        assertNames(failure("age,label\n1,yes\n"), "bad.csv:1:", "'colour'");
    }

    @Test
    void load_textInNumericColumn_namesFileLineAndColumn() throws IOException {
        assertNames(failure("age,colour,label\n1,red,yes\nold,red,no\n3,blue,no\n"),
                "bad.csv:3:", "'age'", "'old'", "not a number");
    }

    @Test
    void load_errorOnLastLineWithoutNewline_namesThatLine() throws IOException {
        assertNames(failure("age,colour,label\n1,red,yes\nold,red,no"), "bad.csv:3:", "'age'");
    }

    @Test
    void load_errorAfterBlankLine_countsPhysicalLines() throws IOException {
        assertNames(failure("age,colour,label\n1,red,yes\n\n2,red,maybe\n"), "bad.csv:4:", "'label'");
    }

    @Test
    void load_infiniteNumber_namesFileLineAndColumn() throws IOException {
        assertNames(failure("age,colour,label\nInfinity,red,yes\n"), "bad.csv:2:", "'age'", "finite");
    }

    @Test
    void load_classNotInSchema_namesFileLineColumnAndClasses() throws IOException {
        assertNames(failure("age,colour,label\n1,red,yes\n2,red,maybe\n"),
                "bad.csv:3:", "'label'", "'maybe'", "[no, yes]");
    }

    @Test
    void load_categoryNotInSchema_namesFileLineAndColumn() throws IOException {
        assertNames(failure("age,colour,label\n1,green,yes\n"), "bad.csv:2:", "'colour'", "'green'");
    }

    @Test
    void load_emptyFile_namesFileAndSaysEmpty() throws IOException {
        assertNames(failure(""), "bad.csv", "empty");
    }

    @Test
    void load_headerOnly_namesFileAndSaysNoRows() throws IOException {
        assertNames(failure("age,colour,label\n"), "bad.csv", "no data rows");
    }

    @Test
    void load_wrongFieldCount_namesFileLineAndCounts() throws IOException {
        assertNames(failure("age,colour,label\n1,red,yes\n2,red\n"), "bad.csv:3:", "expected 3 fields", "found 2");
    }

    @Test
    void load_missingLabelValue_namesFileLineAndColumn() throws IOException {
        assertNames(failure("age,colour,label\n1,red,yes\n2,red,?\n"), "bad.csv:3:", "'label'", "missing");
        assertNames(failure("age,colour,label\n1,red,\n"), "bad.csv:2:", "'label'", "missing");
    }

    @Test
    void load_noSuchFile_namesFile() {
        Path file = dir.resolve("absent.csv");
        var e = assertThrows(DataException.class, () -> CsvLoader.load(file, SCHEMA));
        assertNames(e.getMessage(), "absent.csv", "no such file");
    }

    @Test
    void load_unterminatedQuote_isDataExceptionNamingFile() throws IOException {
        assertNames(failure("age,colour,label\n1,\"red,yes\n"), "bad.csv");
    }
}
