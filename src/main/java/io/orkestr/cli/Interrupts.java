package io.orkestr.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Interrupts turns Ctrl-C during an apply into a graceful stop: changes in progress finish (up to
 * a minute), nothing new starts, and a rerun converges the rest.
 */
final class Interrupts implements AutoCloseable {
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final CliContext.Registration registration;

  Interrupts(CliContext context) {
    registration = context.onInterrupt(() -> {
      interrupted.set(true);
      context.err().println("interrupted: letting changes in progress finish; run apply again to converge the rest");
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  BooleanSupplier cancelled() {
    return interrupted::get;
  }

  @Override
  public void close() {
    finished.countDown();
    registration.close();
  }
}
