package io.orkestr.docker;

/** ExecResult is a command's exit code and its combined output (kept short). */
public record ExecResult(long exitCode, String output) {
  public boolean succeeded() {
    return exitCode == 0;
  }
}
