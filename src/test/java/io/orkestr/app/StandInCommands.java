package io.orkestr.app;

import io.orkestr.daemon.CliRunner;
import java.util.concurrent.CountDownLatch;

/** Stand-ins for the command line a daemon runs, shared by the thin clients' tests. */
final class StandInCommands {
  private StandInCommands() {}

  /** A command that says it started, then runs for 30 s (long enough for a test to stop the daemon under it). */
  static CliRunner runsLong(CountDownLatch started) {
    return (invocation, out, err, hangUp) -> {
      started.countDown();
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    };
  }
}
