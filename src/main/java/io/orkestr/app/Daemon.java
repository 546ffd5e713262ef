package io.orkestr.app;

import io.orkestr.daemon.CliInvocation;
import io.orkestr.daemon.CliProtocol;
import io.orkestr.daemon.DaemonServer;
import io.orkestr.daemon.HangUp;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** Daemon wires {@code orkestr serve}: the server, running each client's command line as its own command. */
final class Daemon {
  private Daemon() {}

  /** Serves on {@code socket} until the process is stopped (SIGINT, SIGTERM); the socket file goes with it. */
  static void serve(Path socket, PrintStream err, java.util.Optional<io.orkestr.daemon.BackupSchedule> backups) {
    // The daemon's log: one line per command it runs and per change it applies (never their output).
    Logger orkestr = (Logger) LoggerFactory.getLogger("io.orkestr");
    if (orkestr.getLevel() == null) orkestr.setLevel(Level.INFO);
    DaemonServer server = start(socket);
    backups.ifPresent(io.orkestr.daemon.BackupSchedule::start);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      backups.ifPresent(io.orkestr.daemon.BackupSchedule::close); // a backup in progress finishes first
      stopped.countDown();
    }, "orkestr-serve-stop"));
    err.println("orkestr serve: listening on unix:" + socket + " (pid " + ProcessHandle.current().pid() + ")"
        + (backups.isPresent() ? "; scheduling automatic backups" : ""));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
