package io.orkestr.cli;

import io.orkestr.apply.JobRunner;
import io.orkestr.docker.JobOutput;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr run --project shop -- CMD ARGS...}: a one-off job (a migration) next to the project's add-ons. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a one-off container on the project's network with its connection variables, stream its output,",
        "exit with its exit code, and remove it (also on Ctrl-C). Put the command after --."})
final class RunCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ManifestOption manifest;

  @Option(names = "--project", required = true, description = "The project.")
  String project;

  @Option(names = "--image", description = "The image (default: the project's first app's).")
  String image;

  @Option(names = "--backup", paramLabel = "PROJECT/ADDON",
      description = "Back up this add-on first (a manual backup); if the job fails, print the command that restores it.")
  String backup;

  @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
  List<String> command;

  @Override
  public Integer call() {
    PrintStream out = root.context.out();
    PrintStream err = root.context.err();
    AtomicReference<String> running = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    var service = root.service();
    // Ctrl-C: remove the job's container before exiting, so nothing is left running. A container made just as
    // Ctrl-C came is removed by the command itself (started() sees the interrupt); the process waits for it.
    try (CliContext.Registration ignored = root.context.onInterrupt(() -> {
      interrupted.set(true);
      String id = running.get();
      if (id != null) service.removeJob(id);
      try {
        finished.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    })) {
      JobOutput output = new JobOutput() {
        @Override
        public void stdout(byte[] bytes) {
          out.write(bytes, 0, bytes.length);
          out.flush();
        }

        @Override
        public void stderr(byte[] bytes) {
          err.write(bytes, 0, bytes.length);
          err.flush();
        }
      };
      JobRunner.JobHandle handle = new JobRunner.JobHandle() {
        @Override
        public void started(String containerId) {
          running.set(containerId);
          if (interrupted.get()) service.removeJob(containerId);
        }

        @Override
        public void removed(String containerId) {
          running.set(null);
        }
      };
      var file = manifest.read(root.context);
      String backupId = null;
      if (backup != null) {
        var record = service.backups().create(service.validate(file), backup, Optional.of("before orkestr run: " + String.join(" ", command)));
        if (!record.succeeded()) {
          throw new io.orkestr.error.UserError("the backup of " + backup + " failed (" + record.failure().orElse("") + "); the job did not run");
        }
        backupId = record.id();
        err.println("Backed up " + backup + " as " + backupId + ".");
      }
      int code = service.run(file, project, Optional.ofNullable(image), command, output, handle);
      if (code != 0 && backupId != null) {
        err.println("The job failed (exit " + code + "). To put " + backup + " back as it was before it:");
        err.println("  orkestr backup restore -f " + manifest.file + " --addon " + backup + " " + backupId);
      }
      return code;
    } finally {
      finished.countDown();
    }
  }
}
