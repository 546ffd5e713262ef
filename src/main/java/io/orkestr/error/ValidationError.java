package io.orkestr.error;

import java.util.List;

/**
 * ValidationError lists every problem found in an input file, each already formatted as
 * {@code file:line:column: path: message}, so that all of them are reported at once.
 */
public class ValidationError extends UserError {
  private final List<String> problems;

  public ValidationError(List<String> problems) {
    super(problems.isEmpty() ? "invalid input" : String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  @Override
  public List<String> lines() {
    return problems;
  }
}
