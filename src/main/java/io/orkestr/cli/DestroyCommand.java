package io.orkestr.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr destroy}: remove what the manifest owns; data volumes stay unless --purge-data. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
    description = {"Remove the manifest's containers and networks. Data volumes (and the add-ons' passwords) are kept,",
        "so a later apply finds the data again, unless --purge-data."})
final class DestroyCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ManifestOption manifest;

  @Option(names = "--purge-data", description = "Also delete the data volumes and forget the add-ons' passwords.")
  boolean purgeData;

  @Option(names = "--auto-approve", description = "Destroy without asking.")
  boolean autoApprove;

  @Override
  public Integer call() {
    ApplySession session = new ApplySession(root, autoApprove, "Destroy these resources?");
    try (Interrupts interrupts = new Interrupts(root.context)) {
      var result = root.service().destroy(manifest.read(root.context), purgeData, ApplySession.settings(16, false, Duration.ofSeconds(60)),
          session.progress, session, interrupts.cancelled());
      return session.finish(result, interrupts.cancelled());
    }
  }
}
