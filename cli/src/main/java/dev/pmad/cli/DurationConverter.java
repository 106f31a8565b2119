package dev.pmad.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Duration flags read as the environment variables are: {@code 300}, {@code 300s}, {@code 5m} or {@code PT5M}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Env.parseDuration("the duration", value);
    }
}
