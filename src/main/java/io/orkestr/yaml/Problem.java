package io.orkestr.yaml;

/** Problem is one thing wrong with an input file: where, at which key path, and what. */
public record Problem(SourceLocation location, String path, String message) implements Comparable<Problem> {

  /** The line the CLI prints: {@code orkestr.yaml:4:11: projects[0].plan: must be one of ...}. */
  public String format() {
    return item().format();
  }

  /** The problem as data, for ValidationError. */
  public io.orkestr.error.ValidationError.Item item() {
    return new io.orkestr.error.ValidationError.Item(location.file(), location.line(), location.column(), path, message);
  }

  @Override
  public int compareTo(Problem o) {
    int c = Integer.compare(location.line(), o.location.line());
    if (c == 0) c = Integer.compare(location.column(), o.location.column());
    return c != 0 ? c : format().compareTo(o.format());
  }
}
