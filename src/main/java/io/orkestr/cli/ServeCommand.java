package io.orkestr.cli;

import io.orkestr.error.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code orkestr serve}: the daemon; with {@code -f}, the control plane that keeps the manifest converged. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the orkestr daemon in the foreground until stopped (Ctrl-C or SIGTERM).",
        "While it runs, orkestr commands of the same user and ORKESTR_HOME are run by it: same output and exit codes,",
        "without the JVM's start-up. Set ORKESTR_DAEMON=off to run a command in its own process.",
        "With -f FILE it also keeps Docker converged to FILE (on every change of the file, every engine event about",
        "what orkestr owns, and every --resync), schedules its automatic backups, and serves the HTTP API on --listen."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Option(names = "--socket", paramLabel = "PATH", description = "The Unix socket to listen on (default: $ORKESTR_HOME/orkestr.sock).")
  Path socket;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Watch this manifest: keep Docker converged to it, schedule its automatic backups, serve the API.")
  Path manifest;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7700",
      description = "Where the HTTP API listens (default: ${DEFAULT-VALUE}). A non-loopback address needs --tls-cert and --tls-key.")
  String listen;

  @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "Reconcile at least this often, to catch anything missed (default: ${DEFAULT-VALUE}).")
  Duration resync;

  /** auto applies what the plan says; off only plans and reports drift as events. */
  enum Sync { auto, off }

  @Option(names = "--sync", paramLabel = "MODE", defaultValue = "auto",
      description = "auto: apply what each reconcile's plan says; off: only plan, and report drift as events (default: ${DEFAULT-VALUE}).")
  Sync sync;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate (chain) for the API; with --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key for the API; with --tls-cert.")
  Path tlsKey;

  @Override
  public Integer call() {
    if (root.debug) root.context.enableDebug();
    Optional<Path> watched = Optional.ofNullable(manifest).map(root.context::resolve);
    if (watched.isEmpty()) {
      for (String o : List.of("--listen", "--resync", "--sync", "--tls-cert", "--tls-key")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
          throw new UserError(o + " needs -f FILE: the control plane and its API serve the manifest the daemon watches");
        }
      }
    }
    if (resync.compareTo(Duration.ofSeconds(1)) < 0) throw new UserError("--resync must be at least 1s");
    // A manifest that is not valid is refused at start; later, an invalid edit leaves what runs as it is.
    watched.ifPresent(m -> root.service().validate(io.orkestr.service.ManifestFile.read(manifest, m)));
    root.context.serve(new ServeOptions(socket == null ? null : root.context.resolve(socket), watched, listen, resync, sync.name(),
        Optional.ofNullable(tlsCert).map(root.context::resolve), Optional.ofNullable(tlsKey).map(root.context::resolve)),
        watched.isPresent() ? root.service() : null);
    return ExitCodes.OK;
  }
}
