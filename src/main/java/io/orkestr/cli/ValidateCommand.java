package io.orkestr.cli;

import io.orkestr.manifest.Manifest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr validate}: schema and plan-limit checks, no Docker needed; the off-site store is asked once, if there is one. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check the manifest against the schema and the plans' limits; Docker is not needed.",
        "With backups.offsite, also check that its store is there and takes the credentials (one request)."})
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ManifestOption manifest;

  @Override
  public Integer call() {
    Manifest m = root.service().validate(manifest.read(root.context));
    root.service().backups().checkOffsite(m).ifPresent(why -> {
      throw new io.orkestr.error.UserError(why);
    });
    long addons = m.projects().stream().mapToLong(p -> p.addons().size()).sum();
    long apps = m.projects().stream().mapToLong(p -> p.apps().size()).sum();
    root.context.out().println(manifest.file + " is valid: manifest \"" + m.name() + "\", " + m.projects().size() + " project"
        + (m.projects().size() == 1 ? "" : "s") + ", " + addons + " add-on" + (addons == 1 ? "" : "s") + ", " + apps + " app"
        + (apps == 1 ? "" : "s") + ".");
    return ExitCodes.OK;
  }
}
