package io.orkestr.cli;

import io.orkestr.sleep.SleepService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr wake --addon shop/db}: wakes a sleeping add-on on purpose and returns once it answers. */
@Command(name = "wake", mixinStandardHelpOptions = true,
    description = {"Wake a sleeping (frozen or stopped) add-on and wait until it answers: before a batch job, in a script.",
        "An awake add-on is left as it is. Either way it then stays awake at least its plan's freeze_after."})
final class WakeCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ManifestOption manifest;

  @Option(names = "--addon", required = true, description = "The add-on, as project/addon.")
  String addon;

  @Override
  public Integer call() {
    SleepService.Woken w = root.service().wake(manifest.read(root.context), addon, "orkestr wake");
    root.context.out().println(!w.woke() ? addon + " is awake" : addon + " woke from " + w.from() + " in " + w.took().toMillis() + " ms");
    return ExitCodes.OK;
  }
}
