package dev.pmad.agent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files scored by a finished model: the training rules, but the label is optional and the advice differs. */
class CsvRowsTest {
    private static final Schema SCHEMA = new Schema("label", List.of("no", "yes"), List.of(
            FeatureSpec.numeric("age", 18, 90),
            FeatureSpec.categorical("colour", List.of("blue", "red"))));

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("score.csv"), text);
    }

    private String failure(String text) throws IOException {
        Path file = csv(text);
        return assertThrows(DataException.class, () -> {
            try (CsvRows rows = CsvRows.open(file, SCHEMA, CsvRows.Use.SCORING)) {
                while (rows.next() != null) {
                    // read to the end
                }
            }
        }).getMessage();
    }

    @Test
    void scoring_withoutALabelColumn_readsEveryRow_withItsFieldsAsWritten() throws IOException {
        try (CsvRows rows = CsvRows.open(csv("id,colour,age\n7, red ,120\n8,?,\n"), SCHEMA, CsvRows.Use.SCORING)) {
            assertFalse(rows.hasLabel());
            assertEquals(List.of("id", "colour", "age"), rows.header());
            CsvRows.Row first = rows.next();
            assertEquals(List.of("7", " red ", "120"), first.fields());
            assertArrayEquals(new double[] {90}, first.numeric(), "clamped to the schema's range");
            assertArrayEquals(new int[] {1}, first.categorical());
            assertEquals(-1, first.label());
            CsvRows.Row second = rows.next();
            assertEquals(3, second.line());
            assertTrue(Double.isNaN(second.numeric()[0]));
            assertArrayEquals(new int[] {-1}, second.categorical());
            assertNull(rows.next());
        }
    }

    @Test
    void scoring_anEmptyLabel_isUnlabelled_butAnUnknownClassIsAnError() throws IOException {
        try (CsvRows rows = CsvRows.open(csv("age,colour,label\n30,blue,\n40,red,yes\n"), SCHEMA, CsvRows.Use.SCORING)) {
            assertTrue(rows.hasLabel());
            assertEquals(-1, rows.next().label());
            assertEquals(1, rows.next().label());
        }
        String message = failure("age,colour,label\n30,blue,maybe\n");
        assertTrue(message.contains("score.csv:2: column 'label' (3): class 'maybe'"), message);
    }

    @Test
    void scoring_aMissingFeatureColumn_namesFileLineAndColumn() throws IOException {
        String message = failure("age,label\n30,no\n");
        assertTrue(message.contains("score.csv:1: feature column 'colour' not found; the header has age, label"), message);
        assertTrue(message.contains("the model was trained with it"), message);
    }

    @Test
    void scoring_anUnknownCategory_isRefused_withAdviceThatFitsAFinishedModel() throws IOException {
        String message = failure("age,colour\n30,blue\n31,green\n");
        assertTrue(message.contains("score.csv:3: column 'colour' (2): category 'green' is not in the schema's 2 categories"),
                message);
        assertTrue(message.contains("leave the field empty to score it as missing"), message);
    }

    @Test
    void scoring_aWordInANumericColumn_isRefused() throws IOException {
        String message = failure("age,colour\nthirty,blue\n");
        assertTrue(message.contains("score.csv:2: column 'age' (1): 'thirty' is not a number"), message);
    }

    @Test
    void training_stillNeedsTheLabel_onEveryRow() throws IOException {
        Path file = csv("age,colour,label\n30,blue,\n");
        String message = assertThrows(DataException.class, () -> CsvLoader.load(file, SCHEMA)).getMessage();
        assertTrue(message.contains("score.csv:2: column 'label' (3): the label is missing"), message);
    }
}
