package io.orkestr.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr deploy --app shop/web}: redeploy apps with their current variables (redeploy: manual). */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = {"Deploy the named apps with their current connection variables, and what they depend on, nothing else.",
        "How an app with redeploy: manual receives new variables."})
final class DeployCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ManifestOption manifest;

  @Option(names = "--app", required = true, paramLabel = "PROJECT/APP", description = "An app to deploy, e.g. shop/web; repeatable.")
  List<String> apps;

  @Option(names = "--auto-approve", description = "Deploy without asking.")
  boolean autoApprove;

  @Option(names = "--wait-timeout", defaultValue = "180s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long an add-on may take to answer (default: ${DEFAULT-VALUE}).")
  Duration waitTimeout;

  @Override
  public Integer call() {
    ApplySession session = new ApplySession(root, autoApprove, "Deploy?");
    try (Interrupts interrupts = new Interrupts(root.context)) {
      var result = root.service().deploy(manifest.read(root.context), apps, ApplySession.settings(16, true, waitTimeout), session.progress, session,
          interrupts.cancelled());
      return session.finish(result, interrupts.cancelled());
    }
  }
}
