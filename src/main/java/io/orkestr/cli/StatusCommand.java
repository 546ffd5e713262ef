package io.orkestr.cli;

import io.orkestr.render.StatusJson;
import io.orkestr.render.StatusText;
import io.orkestr.service.StatusView;
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
    StatusView view = root.service().status(manifest.read(root.context));
    root.context.out().print(output == OutputFormat.json ? StatusJson.render(view.plan(), view.storage(), view.freshness())
        : new StatusText(root.context.style()).render(view.plan(), view.storage())
            + io.orkestr.render.FreshnessText.render(view.freshness(), java.time.Instant.now(), root.context.style()));
    Stats.print(root);
    return ExitCodes.OK;
  }
}
