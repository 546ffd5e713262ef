package io.orkestr.cli;

import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.render.PlanFile;
import io.orkestr.render.PlanJson;
import io.orkestr.render.PlanText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr plan}: the dry-run diff against the live Docker state. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Show what apply would change in Docker to match the manifest (a dry run).")
final class PlanCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ManifestOption manifest;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = "--detailed-exitcode", description = "Exit 0 when there are no changes, 2 when there are, 1 on error.")
  boolean detailedExitCode;

  @Option(names = "--out", paramLabel = "FILE", description = "Save the plan, to apply exactly it later with `orkestr apply FILE`.")
  Path out;

  @Option(names = "--purge-data", description = "Also delete the data volumes of add-ons no longer in the manifest.")
  boolean purgeData;

  @Override
  public Integer call() throws IOException {
    Plan plan = root.service().plan(manifest.read(root.context), new PlanOptions(purgeData));
    root.context.out().print(output == OutputFormat.json ? PlanJson.render(plan) : new PlanText(root.context.style()).render(plan));
    if (out != null) {
      save(plan, root.context.resolve(out));
      if (output == OutputFormat.text) root.context.out().println("Saved the plan to " + out + "; apply it with: orkestr apply " + out);
    }
    Stats.print(root);
    return detailedExitCode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
  }

  private static void save(Plan plan, Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), ".orkestr-plan-", ".tmp");
    Files.writeString(tmp, PlanFile.write(plan), StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
