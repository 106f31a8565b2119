package dev.pmad.agent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {
    private static final Schema SCHEMA = new Schema("income", List.of("<=50K", ">50K"), List.of(
            FeatureSpec.numeric("age"),
            FeatureSpec.categorical("sex", List.of("Female", "Male")),
            FeatureSpec.numeric("hours")));

    @TempDir
    Path dir;

    private String readFailure(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("schema.json"), json);
        return assertThrows(DataException.class, () -> Schema.read(file)).getMessage();
    }

    @Test
    void writeThenRead_givesEqualSchema() throws IOException {
        Path file = dir.resolve("schema.json");
        SCHEMA.write(file);
        assertEquals(SCHEMA, Schema.read(file));
    }

    @Test
    void toJson_hasOnlyTheDocumentedFields() {
        String json = SCHEMA.toJson();
        for (String field : new String[] {"\"label\"", "\"classes\"", "\"features\"", "\"name\"", "\"type\"",
                "\"categories\""}) {
            assertTrue(json.contains(field), json);
        }
        assertFalse(json.contains("\"numeric\" :"), json);
        assertFalse(json.contains("\"categories\" : null"), json);
    }

    @Test
    void read_documentedExample_parses() throws IOException {
        Path file = Files.writeString(dir.resolve("schema.json"), """
                {"label":"label","classes":["B","M"],
                 "features":[{"name":"age","type":"numeric"},
                             {"name":"sex","type":"categorical","categories":["Female","Male"]}]}""");
        Schema s = Schema.read(file);
        assertEquals(List.of("age", "sex=Female", "sex=Male"), s.encodedNames());
    }

    @Test
    void fingerprint_sameSchema_sameFingerprint() throws IOException {
        Path file = dir.resolve("schema.json");
        SCHEMA.write(file);
        assertEquals(SCHEMA.fingerprint(), Schema.read(file).fingerprint());
        assertEquals(64, SCHEMA.fingerprint().length());
    }

    @Test
    void fingerprint_categoryAdded_changes() {
        Schema more = new Schema("income", List.of("<=50K", ">50K"), List.of(
                FeatureSpec.numeric("age"),
                FeatureSpec.categorical("sex", List.of("Female", "Male", "Other")),
                FeatureSpec.numeric("hours")));
        assertNotEquals(SCHEMA.fingerprint(), more.fingerprint());
    }

    @Test
    void fingerprint_categoriesReordered_changes() {
        Schema reordered = new Schema("income", List.of("<=50K", ">50K"), List.of(
                FeatureSpec.numeric("age"),
                FeatureSpec.categorical("sex", List.of("Male", "Female")),
                FeatureSpec.numeric("hours")));
        assertNotEquals(SCHEMA.fingerprint(), reordered.fingerprint());
    }

    @Test
    void encodedNames_followSchemaOrder() {
        assertEquals(List.of("age", "sex=Female", "sex=Male", "hours"), SCHEMA.encodedNames());
        assertEquals(4, SCHEMA.encodedWidth());
        assertEquals(2, SCHEMA.numericCount());
    }

    @Test
    void new_duplicateFeature_saysListedTwice() {
        var e = assertThrows(DataException.class, () -> new Schema("y", List.of("a", "b"),
                List.of(FeatureSpec.numeric("x"), FeatureSpec.numeric("x"))));
        assertTrue(e.getMessage().contains("'x' listed twice"), e.getMessage());
    }

    @Test
    void new_labelAlsoFeature_says() {
        var e = assertThrows(DataException.class, () -> new Schema("y", List.of("a", "b"),
                List.of(FeatureSpec.numeric("x"), FeatureSpec.numeric("y"))));
        assertTrue(e.getMessage().contains("label 'y' is also listed as a feature"), e.getMessage());
    }

    @Test
    void new_oneClass_saysAtLeastTwo() {
        var e = assertThrows(DataException.class, () -> new Schema("y", List.of("a"), List.of(FeatureSpec.numeric("x"))));
        assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
    }

    @Test
    void new_duplicateClassOrCategory_says() {
        var classes = assertThrows(DataException.class,
                () -> new Schema("y", List.of("a", "a"), List.of(FeatureSpec.numeric("x"))));
        assertTrue(classes.getMessage().contains("class twice"), classes.getMessage());
        var categories = assertThrows(DataException.class, () -> FeatureSpec.categorical("c", List.of("p", "p")));
        assertTrue(categories.getMessage().contains("category twice"), categories.getMessage());
    }

    @Test
    void read_unknownType_namesFileFeatureAndChoices() throws IOException {
        String message = readFailure("""
                {"label":"y","classes":["a","b"],"features":[{"name":"x","type":"text"}]}""");
        assertTrue(message.contains("schema.json"), message);
        assertTrue(message.contains("feature 'x' has type 'text'"), message);
        assertTrue(message.contains("'numeric' or 'categorical'"), message);
    }

    @Test
    void read_fewerThanTwoClasses_namesFile() throws IOException {
        String message = readFailure("""
                {"label":"y","classes":["a"],"features":[{"name":"x","type":"numeric"}]}""");
        assertTrue(message.contains("schema.json") && message.contains("at least 2 classes"), message);
    }

    @Test
    void read_duplicateFeature_namesFile() throws IOException {
        String message = readFailure("""
                {"label":"y","classes":["a","b"],"features":[{"name":"x","type":"numeric"},{"name":"x","type":"numeric"}]}""");
        assertTrue(message.contains("schema.json") && message.contains("listed twice"), message);
    }

    @Test
    void read_labelListedAsFeature_namesFile() throws IOException {
        String message = readFailure("""
                {"label":"y","classes":["a","b"],"features":[{"name":"y","type":"numeric"}]}""");
        assertTrue(message.contains("schema.json") && message.contains("also listed as a feature"), message);
    }

    @Test
    void read_categoricalWithoutCategories_says() throws IOException {
        String message = readFailure("""
                {"label":"y","classes":["a","b"],"features":[{"name":"c","type":"categorical"}]}""");
        assertTrue(message.contains("'categories'"), message);
    }

    @Test
    void read_unknownField_namesFileAndPosition() throws IOException {
        String message = readFailure("""
                {"label":"y","classes":["a","b"],"colour":1,"features":[{"name":"x","type":"numeric"}]}""");
        assertTrue(message.contains("schema.json:1:"), message);
        assertTrue(message.contains("colour"), message);
    }

    @Test
    void read_brokenJson_namesFileAndPosition() throws IOException {
        String message = readFailure("{\"label\":\"y\",\n\"classes\":[\"a\",\"b\"");
        assertTrue(message.contains("schema.json:2:"), message);
        assertTrue(message.contains("invalid schema JSON"), message);
    }

    @Test
    void read_missingLabel_says() throws IOException {
        String message = readFailure("""
                {"classes":["a","b"],"features":[{"name":"x","type":"numeric"}]}""");
        assertTrue(message.contains("'label' is missing"), message);
    }
}
