package io.orkestr.apply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * PhasedExecutor runs an apply's tasks on a fixed number of threads in two phases: a start task runs only
 * while no creation task is queued or running, each phase in the order its tasks came. The engine creates
 * networks, volumes and containers quickly while nothing starts, and starts many containers at once faster
 * than when creations come in between (measured: see README, "Performance"); Compose orders its work the
 * same way. A start that was queued runs as soon as the creation phase is empty, even if more creations
 * follow later (an app that waits for its add-ons to start).
 */
final class PhasedExecutor {
  /** Creation: networks, volumes, new containers; start: starting containers and every other container change. */
  enum Phase { CREATION, START }

  private final Queue<Runnable> creation = new ArrayDeque<>();
  private final Queue<Runnable> start = new ArrayDeque<>();
  private final List<Thread> threads = new ArrayList<>();
  private int creating;
  private boolean shutdown;

  PhasedExecutor(int threads) {
    for (int i = 1; i <= threads; i++) {
      Thread t = new Thread(this::work, "orkestr-apply-" + i);
      t.setDaemon(true);
      this.threads.add(t);
      t.start();
    }
  }

  synchronized void execute(Phase phase, Runnable task) {
    (phase == Phase.CREATION ? creation : start).add(task);
    notifyAll();
  }

  /** Stops the threads; queued tasks do not run. */
  synchronized void shutdownNow() {
    shutdown = true;
    threads.forEach(Thread::interrupt);
    notifyAll();
  }

  private void work() {
    while (true) {
      Runnable task;
      boolean creates;
      synchronized (this) {
        while (!shutdown && creation.isEmpty() && (creating > 0 || start.isEmpty())) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (shutdown) return;
        creates = !creation.isEmpty();
        task = creates ? creation.poll() : start.poll();
        if (creates) creating++;
      }
      try {
        task.run();
      } finally {
        if (creates) {
          synchronized (this) {
            creating--;
            notifyAll();
          }
        }
      }
    }
  }
}
