package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three classes with text labels, a categorical and a numeric feature, end to end. */
class MulticlassTest {

    @Test
    void threeTextClasses_trainEndToEnd_andBeatChance(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("species.csv");
        var text = new StringBuilder("size,colour,habitat,species\n");
        var random = new Random(3);
        String[] species = {"heron", "sparrow", "eagle"};
        String[] colours = {"grey", "brown", "black"};
        for (int i = 0; i < 600; i++) {
            int s = i % 3;
            double size = (s + 1) * 10 + random.nextGaussian() * 3;
            String colour = random.nextDouble() < 0.8 ? colours[s] : colours[random.nextInt(3)];
            String habitat = random.nextDouble() < 0.1 ? "" : (s == 0 ? "wetland" : "forest");
            text.append(String.format(java.util.Locale.ROOT, "%.3f,%s,%s,%s%n", size, colour, habitat, species[s]));
        }
        Files.writeString(csv, text);
        var result = CliRunner.run("simulate", "--data", csv.toString(), "--label", "species", "--agents", "3",
                "--rounds", "5", "--partition", "dirichlet:1.0", "--json");
        assertEquals(0, result.exitCode(), result.err());
        double accuracy = result.json().at("/final/accuracy").asDouble();
        assertTrue(accuracy > 0.85, "accuracy " + accuracy);
        assertTrue(result.json().at("/final/f1").asDouble() > 0.8);
    }
}
