package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class StrategiesTest {

    static List<String> names() {
        return Strategies.names();
    }

    private static String failure(String name, Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> Strategies.parse(name, options)).getMessage();
    }

    @Test
    void names_listEveryStrategyOnce() {
        assertEquals(List.of("newton", "fedavg", "fedavgm", "fedadagrad", "fedadam", "fedyogi", "fedprox", "scaffold",
                "fedmedian", "fedtrimmedavg", "krum"), Strategies.names());
    }

    @ParameterizedTest
    @MethodSource("names")
    void parse_withoutOptions_givesTheNamedStrategyWithItsDefaults(String name) {
        Strategy strategy = Strategies.parse(name);
        assertEquals(name, strategy.name());
        var declared = Strategies.options(name);
        assertEquals(declared.stream().map(StrategyOption::key).toList(), List.copyOf(strategy.options().keySet()));
        for (StrategyOption o : declared) assertEquals(o.defaultValue(), strategy.options().get(o.key()));
    }

    @Test
    void parse_appliesGivenOptions_andKeepsDefaultsForTheRest() {
        Strategy adam = Strategies.parse("fedadam", Map.of("eta", "0.05", "tau", " 1e-9 "));
        assertInstanceOf(FedAdam.class, adam);
        assertEquals(Map.of("eta", 0.05, "beta1", 0.9, "beta2", 0.99, "tau", 1e-9), adam.options());
        assertEquals(3, ((Krum) Strategies.parse("krum", Map.of("k", "3"))).options().get("k"));
    }

    @Test
    void parse_ignoresCaseAndSpaceInTheName() {
        assertEquals("fedyogi", Strategies.parse(" FedYogi ").name());
    }

    @Test
    void parse_unknownName_listsTheKnownNames() {
        assertEquals("unknown strategy 'fedsgd'; known: newton, fedavg, fedavgm, fedadagrad, fedadam, fedyogi, fedprox, "
                + "scaffold, fedmedian, fedtrimmedavg, krum", failure("fedsgd", Map.of()));
    }

    @Test
    void parse_unknownOption_namesTheStrategysOptionsWithDefaults() {
        assertEquals("fedadam: unknown option lr; fedadam takes eta (default 0.1, > 0), beta1 (default 0.9, in [0, 1)), "
                + "beta2 (default 0.99, in [0, 1)), tau (default 0.001, > 0)", failure("fedadam", Map.of("lr", "1")));
        assertEquals("fedmedian: unknown options beta, f; fedmedian takes no options",
                failure("fedmedian", Map.of("f", "1", "beta", "0.1")));
    }

    @Test
    void parse_outOfRange_namesOptionAndRange() {
        assertEquals("fedtrimmedavg: beta must be in [0, 0.5), was 0.7", failure("fedtrimmedavg", Map.of("beta", "0.7")));
        assertEquals("fedavgm: beta must be in [0, 1), was 1", failure("fedavgm", Map.of("beta", "1")));
        assertEquals("fedyogi: tau must be > 0, was 0", failure("fedyogi", Map.of("tau", "0")));
        assertEquals("fedadam: eta must be > 0, was NaN", failure("fedadam", Map.of("eta", "NaN")));
        assertEquals("krum: f must be an integer >= 0, was 1.5", failure("krum", Map.of("f", "1.5")));
        assertEquals("krum: k must be an integer >= 0, was -1", failure("krum", Map.of("k", "-1")));
    }

    @Test
    void parse_notANumber_namesOptionAndRange() {
        assertEquals("fedadam: eta must be a number > 0, was 'fast'", failure("fedadam", Map.of("eta", "fast")));
    }

    @Test
    void describe_listsEveryStrategyWithItsOptionsDefaultsAndRanges() {
        String help = Strategies.describe();
        for (String name : Strategies.names()) assertTrue(help.contains(name + ": "), name);
        assertEquals("""
                fedtrimmedavg: coordinate-wise trimmed mean of the deltas, unweighted (Yin et al. 2018)
                    beta=0.2  fraction of the updates dropped at each end, per coordinate (in [0, 0.5))""",
                Strategies.describe("fedtrimmedavg"));
        assertTrue(help.contains("    tau=0.001  adaptivity"), help);
        assertTrue(help.contains("    f=1  Byzantine updates tolerated per round (an integer >= 0)"), help);
    }

    @Test
    void format_isShortAndExact() {
        assertEquals("1", StrategyOption.format(1.0));
        assertEquals("0.001", StrategyOption.format(1e-3));
        assertEquals("1e-9", StrategyOption.format(1e-9));
        assertEquals("0.99", StrategyOption.format(0.99));
    }
}
