package dev.pmad.cli;

import dev.pmad.config.Env;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Duration flags read as the environment variables are ({@link Env#parseDuration}): {@code 300},
 * {@code 300s}, {@code 5m} or {@code PT5M}. picocli puts the option's name before the message:
 * "Invalid value for option '--round-timeout': '5x' is not a duration: ...".
 */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Env.parseDuration("value", value);
        } catch (IllegalArgumentException e) {
            // Env names a variable ("NAME=v is not ..."); here the option is named by picocli.
            throw new TypeConversionException("'" + value + "'" + e.getMessage().substring(("value=" + value).length()));
        }
    }
}
