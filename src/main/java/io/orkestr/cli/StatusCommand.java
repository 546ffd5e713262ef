package io.orkestr.cli;

import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.render.StatusJson;
import io.orkestr.render.StatusText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr status}: what runs, per project and add-on, with health and drift. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show what runs for the manifest, per project and resource, with health and any drift.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ManifestOption manifest;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    var file = manifest.read(root.context);
    Plan plan = root.service().plan(file, PlanOptions.DEFAULT);
    var storage = root.service().storage(file);
    var freshness = root.service().backups().freshness(root.service().validate(file));
    root.context.out().print(output == OutputFormat.json ? StatusJson.render(plan, storage, freshness)
        : new StatusText(root.context.style()).render(plan, storage)
            + io.orkestr.render.FreshnessText.render(freshness, java.time.Instant.now(), root.context.style()));
    Stats.print(root);
    return ExitCodes.OK;
  }
}
