package io.orkestr.it;

/** Result of one orkestr command: exit code, stdout, stderr. */
public record Result(int exitCode, String out, String err) {
  public String all() {
    return out + err;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
