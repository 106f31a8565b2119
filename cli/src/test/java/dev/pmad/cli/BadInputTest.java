package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one line naming file, line and column (or the option), exit code 2, no stack trace. */
class BadInputTest {
    @TempDir Path dir;

    private CliRunner.Result simulate(String... extra) {
        String[] base = {"simulate", "--agents", "2", "--rounds", "1", "--json"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(args);
    }

    private Path csv(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static void assertOneLineError(CliRunner.Result r, String... fragments) {
        assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err());
        assertEquals("", r.out(), "nothing on stdout");
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "exactly one line on stderr: " + r.err());
        assertTrue(lines[0].startsWith("pmad: error: "), lines[0]);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        for (String f : fragments) assertTrue(lines[0].contains(f), "'" + f + "' missing in: " + lines[0]);
    }

    private static final String GOOD = "a,b,label\n1,x,yes\n2,y,no\n3,x,yes\n4,y,no\n5,x,yes\n6,y,no\n";

    @Test
    void missingLabelColumn_namesFileAndColumn() throws IOException {
        Path f = csv("data.csv", GOOD);
        assertOneLineError(simulate("--data", f.toString(), "--label", "target"), "data.csv", "'target'", "--label");
    }

    @Test
    void textInANumericColumn_namesFileLineAndColumn() throws IOException {
        Path schema = csv("schema.json", """
                {"label":"label","classes":["no","yes"],"features":[{"name":"a","type":"numeric"},
                 {"name":"b","type":"categorical","categories":["x","y"]}]}""");
        Path f = csv("data.csv", GOOD.replace("3,x,yes", "three,x,yes"));
        assertOneLineError(simulate("--data", f.toString(), "--schema", schema.toString()), "data.csv:4", "column 'a'", "'three'");
    }

    @Test
    void classNotInTheSchema_namesFileLineAndColumn() throws IOException {
        Path schema = csv("schema.json", """
                {"label":"label","classes":["no","yes"],"features":[{"name":"a","type":"numeric"},
                 {"name":"b","type":"categorical","categories":["x","y"]}]}""");
        Path f = csv("data.csv", GOOD.replace("4,y,no", "4,y,maybe"));
        assertOneLineError(simulate("--data", f.toString(), "--schema", schema.toString()), "data.csv:5", "'label'", "'maybe'");
    }

    @Test
    void emptyFile_isNamed() throws IOException {
        Path f = csv("empty.csv", "");
        assertOneLineError(simulate("--data", f.toString()), "empty.csv", "empty");
    }

    @Test
    void missingFile_isNamed() {
        assertOneLineError(simulate("--data", dir.resolve("nope.csv").toString()), "nope.csv", "no such file");
    }

    @Test
    void fewerRowsThanAgents_isExplained() throws IOException {
        Path f = csv("small.csv", "a,label\n1,x\n2,y\n");
        assertOneLineError(CliRunner.run("simulate", "--data", f.toString(), "--agents", "5", "--json"), "2 rows", "5 agents");
    }

    @Test
    void zeroAgents_namesTheOption() throws IOException {
        Path f = csv("data.csv", GOOD);
        assertOneLineError(CliRunner.run("simulate", "--data", f.toString(), "--agents", "0"), "--agents");
    }

    @Test
    void unknownPartition_namesTheOption() throws IOException {
        Path f = csv("data.csv", GOOD);
        assertOneLineError(simulate("--data", f.toString(), "--partition", "zipf:2"), "--partition", "zipf:2");
    }

    @Test
    void unknownOption_isOneLine() {
        assertOneLineError(CliRunner.run("simulate", "--data", "x.csv", "--agentz", "3"), "--agentz");
    }

    @Test
    void notANumber_isOneLine() {
        assertOneLineError(CliRunner.run("simulate", "--data", "x.csv", "--agents", "five"), "five");
    }
}
