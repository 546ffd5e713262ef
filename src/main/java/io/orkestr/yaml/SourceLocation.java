package io.orkestr.yaml;

/** SourceLocation is a 1-based line and column in a named input file. */
public record SourceLocation(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
