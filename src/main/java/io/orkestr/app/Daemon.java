package io.orkestr.app;

import io.orkestr.daemon.CliInvocation;
import io.orkestr.daemon.CliProtocol;
import io.orkestr.daemon.DaemonServer;
import io.orkestr.daemon.HangUp;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Daemon wires {@code orkestr serve}: the Unix-socket server running each thin client's command line
 * as its own command, and with {@code -f} the control plane. SIGTERM and SIGINT stop it in order
 * (requests refused, the change in progress finished, the scheduler shut down) and it exits 0; the
 * containers keep running and the next start converges.
 */
final class Daemon {
  private Daemon() {}

  /** Serves on {@code socket} until SIGTERM or SIGINT; the socket file goes with it. */
  static void serve(Path socket, PrintStream err, Optional<ControlWiring> control) {
    // The daemon's log: one line per command, reconcile, applied change and request (never their output).
    Logger orkestr = (Logger) LoggerFactory.getLogger("io.orkestr");
    if (orkestr.getLevel() == null) orkestr.setLevel(Level.INFO);
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    DaemonServer server = start(socket);
    try {
      control.ifPresent(ControlWiring::start);
    } catch (RuntimeException e) {
      control.ifPresent(ControlWiring::close);
      server.close();
      throw e;
    }
    err.println("orkestr serve: listening on unix:" + socket + " (pid " + ProcessHandle.current().pid() + ")"
        + control.map(c -> "; " + c.describe()).orElse(""));
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.println("orkestr serve: stopping" + (control.isPresent() ? " (the change in progress finishes first)" : ""));
    control.ifPresent(ControlWiring::close);
    server.close();
    err.println("orkestr serve: stopped");
  }

  /** Starts a daemon; close() stops it (the tests run one in their own JVM this way). */
  static DaemonServer start(Path socket) {
    return DaemonServer.start(socket, Daemon::runCommand, CliProtocol.buildId());
  }

  private static int runCommand(CliInvocation invocation, PrintStream out, PrintStream err, HangUp hangUp) {
    Session session = new Session(invocation.terminal(), false, handler -> hangUp.onHangUp(handler)::close);
    Environment environment = new Environment(invocation.env(), Path.of(invocation.cwd()));
    return Main.run(invocation.args().toArray(String[]::new), environment, out, err, session);
  }
}
