package io.orkestr.cli;

import io.orkestr.tier.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** DurationConverter reads 30s, 15m, 2h, 1d on the command line. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return DurationText.parse(value);
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 30s, 15m or 2h");
    }
  }
}
