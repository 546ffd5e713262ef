package io.orkestr.cli;

import io.orkestr.error.UserError;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.render.PlanFile;
import io.orkestr.service.ManifestFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr apply}: converge Docker to the manifest, or apply a saved plan exactly. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {"Converge Docker to the manifest, or apply a plan saved with `plan --out` exactly.",
        "On a terminal it shows the plan and asks first; --auto-approve skips the question."})
final class ApplyCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(arity = "0..1", paramLabel = "PLANFILE", description = "A plan saved with `orkestr plan --out`.")
  Path planFile;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The manifest (default: orkestr.yaml).")
  Path file;

  @Option(names = "--auto-approve", description = "Apply without asking.")
  boolean autoApprove;

  @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Wait until each add-on answers (Postgres a query, Redis PING) before what depends on it (default: on).")
  boolean waitForReady;

  @Option(names = "--wait-timeout", defaultValue = "180s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long an add-on may take to answer (default: ${DEFAULT-VALUE}).")
  Duration waitTimeout;

  @Option(names = "--parallelism", defaultValue = "64", description = "Changes made at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--purge-data", description = "Also delete the data volumes of add-ons no longer in the manifest.")
  boolean purgeData;

  @Override
  public Integer call() throws IOException {
    if (planFile != null && file != null) throw new UserError("give either a saved plan or -f FILE, not both");
    if (parallelism < 1) throw new UserError("--parallelism must be at least 1");
    ApplySession session = new ApplySession(root, autoApprove, "Apply these changes?");
    var settings = ApplySession.settings(parallelism, waitForReady, waitTimeout);
    try (Interrupts interrupts = new Interrupts(root.context)) {
      if (planFile != null) {
        Plan saved = PlanFile.read(planFile.toString(), readPlan(planFile, root.context.resolve(planFile)));
        session.planned(saved);
        if (!saved.hasChanges()) return ExitCodes.OK;
        return session.finish(root.service().applySaved(saved, settings, session.progress, session, interrupts.cancelled()),
            interrupts.cancelled());
      }
      Path given = file == null ? Path.of("orkestr.yaml") : file;
      ManifestFile manifest = ManifestFile.read(given, root.context.resolve(given));
      var result = root.service().apply(manifest, new PlanOptions(purgeData), settings, session.progress, session,
          interrupts.cancelled());
      return session.finish(result, interrupts.cancelled());
    }
  }

  private static String readPlan(Path p, Path resolved) throws IOException {
    try {
      return Files.readString(resolved, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError("plan file " + p + " does not exist", "save one with orkestr plan --out " + p);
    }
  }
}
