package io.orkestr.render;

import io.orkestr.apply.ApplyListener;
import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.Outcome;
import io.orkestr.apply.StepResult;
import io.orkestr.desired.ResourceKey;
import io.orkestr.plan.Action;
import java.io.PrintStream;

/** ApplyText prints an apply's progress one line per event, and its outcome. */
public final class ApplyText implements ApplyListener {
  private final PrintStream out;
  private final Style style;

  public ApplyText(PrintStream out, Style style) {
    this.out = out;
    this.style = style;
  }

  @Override
  public void started(ResourceKey key, Action action) {
    line(style.bold(key.toString()) + ": " + ing(action) + "...");
  }

  @Override
  public void progress(ResourceKey key, String message) {
    line(style.bold(key.toString()) + ": " + message);
  }

  @Override
  public void finished(StepResult r) {
    String took = r.outcome() == Outcome.SKIPPED ? "" : style.dim(String.format(" [%.1fs]", r.took().toMillis() / 1000.0));
    switch (r.outcome()) {
      case DONE: line(style.bold(r.key().toString()) + ": " + style.green(r.message()) + took); break;
      case FAILED: line(style.bold(r.key().toString()) + ": " + style.red("failed: " + r.message()) + took); break;
      default: line(style.bold(r.key().toString()) + ": " + style.yellow(r.message()));
    }
  }

  public String summary(ApplyReport report) {
    String counts = report.count(Outcome.DONE) + " done, " + report.count(Outcome.FAILED) + " failed, "
        + report.count(Outcome.SKIPPED) + " skipped in " + String.format("%.1fs", report.took().toMillis() / 1000.0);
    return report.succeeded() ? style.green("Apply complete: ") + counts + "." : style.red("Apply failed: ") + counts + ".";
  }

  private synchronized void line(String s) {
    out.println(s);
    out.flush();
  }

  private static String ing(Action a) {
    switch (a) {
      case CREATE: return "creating";
      case UPDATE: return "updating";
      case REPLACE: return "replacing";
      case DELETE: return "deleting";
      default: return "checking";
    }
  }
}
