package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.config.Env;
import dev.pmad.coordinator.tracking.TrackingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/**
 * Configuration in one place: the variables read through {@link Env}, one duration syntax for
 * flags and variables, and errors that name what to fix.
 */
class ConfigurationTest {

    @Test
    void durations_takeTheSameSyntaxInEveryVariableAndFlag() {
        for (String text : List.of("300", "300s", "5m", "PT5M", "pt5m")) {
            assertEquals(Duration.ofMinutes(5), Env.parseDuration("ROUND_TIMEOUT", text), text);
            assertEquals(Duration.ofMinutes(5), new DurationConverter().convert(text), text);
        }
        // Variables that used to take plain seconds only take them still, and the rest too.
        assertEquals(Duration.ofSeconds(30), TrackingSettings.fromEnvironment(Map.of("MLFLOW_HTTP_REQUEST_TIMEOUT", "30")).callTimeout());
        assertEquals(Duration.ofSeconds(30), TrackingSettings.fromEnvironment(Map.of("MLFLOW_HTTP_REQUEST_TIMEOUT", "30s")).callTimeout());
        assertEquals(Duration.ofMinutes(1), TrackingSettings.fromEnvironment(Map.of("MLFLOW_HTTP_REQUEST_TIMEOUT", "PT1M")).callTimeout());
    }

    @Test
    void everyDurationOption_declaresTheConverter_soItWorksWithoutPmadsCommandLineToo() {
        List<String> missing = new java.util.ArrayList<>();
        walk(new picocli.CommandLine(new Pmad()), missing);
        assertEquals(List.of(), missing, "add converter = DurationConverter.class");
    }

    private static void walk(picocli.CommandLine command, List<String> missing) {
        for (var option : command.getCommandSpec().options()) {
            if (option.type() == Duration.class && (option.converters().length == 0
                    || !(option.converters()[0] instanceof DurationConverter))) {
                missing.add(command.getCommandSpec().qualifiedName() + " " + option.longestName());
            }
        }
        command.getSubcommands().values().forEach(sub -> walk(sub, missing));
    }

    @Test
    void aBadDurationFlag_saysWhatItTakes_andPicocliNamesTheOption() {
        var e = assertThrows(TypeConversionException.class, () -> new DurationConverter().convert("5x"));
        assertEquals("'5x' is not a duration: use seconds (300), 300s, 5m or PT5M", e.getMessage());
        CliRunner.Result r = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--round-timeout", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--round-timeout'") && r.err().contains("'0' must be a positive duration"), r.err());
    }

    @Test
    void logLevel_isCheckedNotGuessed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Pmad.logLevel(new Env(Map.of("PMAD_LOG_LEVEL", "bogus"))));
        assertEquals("PMAD_LOG_LEVEL=bogus must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF", e.getMessage());
        Pmad.logLevel(new Env(Map.of("PMAD_LOG_LEVEL", "warn")));
        assertEquals("WARN", levelOfPmad());
        Pmad.logLevel(new Env(Map.of()));
        assertEquals("INFO", levelOfPmad());
    }

    @Test
    void dashboard_variablesOverTheDefaults_andABadPortNamesTheVariable() {
        var defaults = ServiceConfig.dashboard(new Env(Map.of()));
        assertEquals("0.0.0.0", defaults.host());
        assertEquals(8081, defaults.port());
        assertEquals("127.0.0.1", ServiceConfig.dashboard(new Env(Map.of()), DemoCommand.DEFAULT_HOST).host(), "the demo's default");
        var set = ServiceConfig.dashboard(new Env(Map.of("DASHBOARD_PORT", "9090", "DASHBOARD_HOST", "10.0.0.1", "DASHBOARD_TOKEN", "t0ken")));
        assertEquals(9090, set.port());
        assertEquals("10.0.0.1", set.host());
        assertEquals("t0ken", set.token());
        var e = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.dashboard(new Env(Map.of("DASHBOARD_PORT", "eighty"))));
        assertEquals("DASHBOARD_PORT=eighty is not a whole number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.dashboard(new Env(Map.of("DASHBOARD_PORT", "70000"))));
        assertEquals("DASHBOARD_PORT=70000 must be between 0 and 65535", e.getMessage());
    }

    @Test
    void aMistypedRequiredOption_isReportedAsUnknown_withSuggestions() {
        // --dat instead of --data: the missing --data is a consequence, the typo is the cause.
        CliRunner.Result r = CliRunner.run("simulate", "--dat", CliRunner.breastCancer());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--dat'") && r.err().contains("did you mean --data"), r.err());
        CliRunner.Result agents = CliRunner.run("simulate", "--agnets", "3");
        assertTrue(agents.err().contains("did you mean --agents"), agents.err());
    }

    private static String levelOfPmad() {
        return ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.pmad")).getLevel().toString();
    }
}
