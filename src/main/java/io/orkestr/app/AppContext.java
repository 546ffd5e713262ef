package io.orkestr.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.orkestr.cli.CliContext;
import io.orkestr.backup.fs.FileSystemBackupStore;
import io.orkestr.credential.fs.FileCredentialStore;
import io.orkestr.daemon.CliProtocol;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.engine.DockerJavaAdapter;
import io.orkestr.error.UserError;
import io.orkestr.lock.fs.FileApplyLock;
import io.orkestr.render.Style;
import io.orkestr.service.OrkestrService;
import io.orkestr.state.fs.FileLiveUpdateLog;
import io.orkestr.tier.Tiers;
import io.orkestr.tier.TiersParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * AppContext wires the real adapters into the service one command uses; Docker is connected on first use
 * only. The {@link Session} says where the command came from: this process's terminal, or a daemon's client.
 */
final class AppContext implements CliContext {
  private final Environment environment;
  private final PrintStream out;
  private final PrintStream err;
  private final Session session;
  private final Style style;
  private final long startedNanos = System.nanoTime();
  private DockerPort docker;
  private OrkestrService service;
  private boolean debugWasOff;

  AppContext(Environment environment, PrintStream out, PrintStream err, Session session) {
    this.environment = environment;
    this.out = out;
    this.err = err;
    this.session = session;
    String noColor = environment.env().get("NO_COLOR");
    this.style = new Style(session.terminal() && (noColor == null || noColor.isEmpty()));
  }

  @Override
  public synchronized OrkestrService service(Path plansFile) {
    if (service == null) {
      Path home = environment.home();
      service = new OrkestrService(tiers(plansFile), environment.settings(), this::docker, new FileCredentialStore(home),
          new FileApplyLock(home), new FileLiveUpdateLog(home), new io.orkestr.state.fs.FileSleepLog(home), new FileSystemBackupStore(home),
          new io.orkestr.backup.fs.FileScheduleLog(home), java.time.Clock.systemUTC());
    }
    return service;
  }

  private Tiers tiers(Path flag) {
    Path file = flag != null ? flag : environment.plansFile().orElse(null);
    if (file == null) return TiersParser.builtIn();
    try {
      return TiersParser.parse(file.toString(), file.toString(), Files.readString(resolve(file), StandardCharsets.UTF_8));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UserError("plans file " + file + " does not exist", "check --plans or ORKESTR_PLANS");
    } catch (IOException e) {
      throw new UserError("cannot read plans file " + file + ": " + e.getMessage(), "check --plans or ORKESTR_PLANS");
    }
  }

  private synchronized DockerPort docker() {
    if (docker == null) docker = DockerJavaAdapter.fromEnvironment(environment.env());
    return docker;
  }

  @Override
  public PrintStream out() {
    return out;
  }

  @Override
  public PrintStream err() {
    return err;
  }

  @Override
  public Style style() {
    return style;
  }

  @Override
  public boolean interactive() {
    return session.prompts();
  }

  @Override
  public String readLine(String prompt) {
    return session.prompts() ? System.console().readLine("%s", prompt) : null;
  }

  @Override
  public long startedNanos() {
    return startedNanos;
  }

  @Override
  public Path resolve(Path given) {
    return environment.resolve(given);
  }

  @Override
  public Registration onInterrupt(Runnable handler) {
    return session.interrupts().register(handler);
  }

  @Override
  public void serve(io.orkestr.cli.ServeOptions options, OrkestrService service) {
    Path path = options.socket() != null ? options.socket() : CliProtocol.socketPath(environment.home());
    Daemon.serve(path, err, options.manifest().map(m -> new ControlWiring(options, m, service, docker(), environment)));
  }

  @Override
  public synchronized long dockerCalls() {
    return docker == null ? 0 : docker.calls();
  }

  @Override
  public void enableDebug() {
    if (debugWasOff) return;
    debugWasOff = true;
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    ((Logger) LoggerFactory.getLogger("io.orkestr")).setLevel(Level.DEBUG);
    ((Logger) LoggerFactory.getLogger("com.github.dockerjava")).setLevel(Level.INFO);
  }

  /** Closes the Docker connection, if the command made one: a daemon runs many commands in one JVM. */
  synchronized void closeDocker() {
    if (docker != null) docker.close();
  }

  /** Puts logging back as it was, for callers that run several commands in one JVM. */
  void restoreLogging() {
    if (!debugWasOff) return;
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    ((Logger) LoggerFactory.getLogger("io.orkestr")).setLevel(null);
    ((Logger) LoggerFactory.getLogger("com.github.dockerjava")).setLevel(Level.OFF);
    debugWasOff = false;
  }
}
