package io.orkestr.docker;

/** StreamedExec is how a streaming exec ended: its exit code (-1: it did not finish in time) and the last lines of its stderr. */
public record StreamedExec(long exitCode, String stderrTail) {
  public boolean succeeded() {
    return exitCode == 0;
  }
}
