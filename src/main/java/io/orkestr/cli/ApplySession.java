package io.orkestr.cli;

import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.ApplySettings;
import io.orkestr.plan.Plan;
import io.orkestr.render.ApplyText;
import io.orkestr.render.PlanText;
import io.orkestr.service.ApplyHooks;
import io.orkestr.service.ApplyResult;
import java.util.function.BooleanSupplier;

/** ApplySession is what apply and destroy share: show the plan, ask on a terminal, print progress and the outcome. */
final class ApplySession implements ApplyHooks {
  private final RootCommand root;
  private final boolean autoApprove;
  private final String question;
  final ApplyText progress;

  ApplySession(RootCommand root, boolean autoApprove, String question) {
    this.root = root;
    this.autoApprove = autoApprove;
    this.question = question;
    this.progress = new ApplyText(root.context.out(), root.context.style());
  }

  @Override
  public void planned(Plan plan) {
    root.context.out().print(new PlanText(root.context.style()).render(plan));
  }

  /** Asks on a terminal; without one (CI, scripts) the command itself is the approval. */
  @Override
  public boolean approve(Plan plan) {
    if (autoApprove || !root.context.interactive()) return true;
    String answer = root.context.readLine("\n" + question + " Only 'yes' is accepted: ");
    boolean yes = answer != null && answer.trim().equals("yes");
    if (!yes) root.context.out().println("Cancelled; nothing was changed.");
    return yes;
  }

  @Override
  public void waitingForLock() {
    root.context.err().println("waiting for another orkestr apply of this manifest to finish...");
  }

  int finish(ApplyResult result, BooleanSupplier interrupted) {
    if (result.report().isEmpty()) return result.plan().hasChanges() ? ExitCodes.ERROR : ExitCodes.OK;
    return finish(result.report().get(), interrupted);
  }

  int finish(ApplyReport report, BooleanSupplier interrupted) {
    root.context.out().println();
    root.context.out().println(progress.summary(report));
    Stats.print(root);
    if (interrupted.getAsBoolean()) return ExitCodes.INTERRUPTED;
    return report.succeeded() ? ExitCodes.OK : ExitCodes.ERROR;
  }

  static ApplySettings settings(int parallelism, boolean wait, java.time.Duration timeout) {
    return new ApplySettings(parallelism, wait, timeout, ApplySettings.DEFAULT.stopTimeout());
  }
}
