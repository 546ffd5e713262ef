package io.orkestr.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr serve}: the daemon, which runs orkestr's commands for the CLI so they skip the JVM's start-up. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the orkestr daemon in the foreground until stopped (Ctrl-C or SIGTERM).",
        "While it runs, orkestr commands of the same user and ORKESTR_HOME are run by it: same output and exit codes,",
        "without the JVM's start-up. Set ORKESTR_DAEMON=off to run a command in its own process."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Option(names = "--socket", paramLabel = "PATH", description = "The Unix socket to listen on (default: $ORKESTR_HOME/orkestr.sock).")
  Path socket;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Watch this manifest: schedule its add-ons' automatic backups, reloaded when it changes.")
  Path manifest;

  @Override
  public Integer call() {
    if (root.debug) root.context.enableDebug();
    java.util.Optional<Path> watched = java.util.Optional.ofNullable(manifest).map(root.context::resolve);
    // A manifest that is not valid is refused at start; later, an invalid edit leaves the schedule as it was.
    watched.ifPresent(m -> root.service().validate(io.orkestr.service.ManifestFile.read(manifest, m)));
    root.context.serve(socket == null ? null : root.context.resolve(socket), watched, watched.isPresent() ? root.service() : null);
    return ExitCodes.OK;
  }
}
