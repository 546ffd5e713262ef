package io.orkestr.cli;

import io.orkestr.render.TierText;
import io.orkestr.tier.Tiers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr plans}: the plans (tiers) in force. */
@Command(name = "plans", mixinStandardHelpOptions = true,
    description = "Print the plans in force (built-in, or from --plans / ORKESTR_PLANS).")
final class PlansCommand implements Callable<Integer> {
  enum Format { table, yaml }

  @ParentCommand RootCommand root;

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or yaml (default: ${DEFAULT-VALUE}).")
  Format output;

  @Override
  public Integer call() {
    Tiers tiers = root.service().tiers();
    root.context.out().print(output == Format.yaml ? TierText.yaml(tiers) : TierText.table(tiers));
    return ExitCodes.OK;
  }
}
