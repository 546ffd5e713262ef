package io.orkestr.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.cli.CliContext;
import io.orkestr.cli.RootCommand;
import io.orkestr.render.Style;
import io.orkestr.service.OrkestrService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The thin client cannot load picocli (its jar holds the JDK only), so CliProtocol keeps the list of
 * commands that ask before changing things; this test derives it from the CLI's own model, so a
 * command added with --auto-approve and left out of the list fails here instead of asking nobody.
 */
class AskingCommandsTest {
  @Test
  void theCommandsThatMayAskAreExactlyThoseWithAutoApprove() {
    Set<String> asking = new TreeSet<>();
    collect(RootCommand.commandLine(new NoContext()), "", asking);

    assertThat(asking).isNotEmpty().isEqualTo(new TreeSet<>(CliProtocol.ASKING_COMMANDS));
  }

  private static void collect(CommandLine cl, String prefix, Set<String> out) {
    cl.getSubcommands().forEach((name, sub) -> {
      String path = prefix.isEmpty() ? name : prefix + " " + name;
      if (sub.getCommandSpec().findOption("--auto-approve") != null) out.add(path);
      collect(sub, path, out);
    });
  }

  /** Only the model is built: nothing here is called. */
  private static final class NoContext implements CliContext {
    @Override public OrkestrService service(Path plansFile) { throw new UnsupportedOperationException(); }
    @Override public PrintStream out() { return System.out; }
    @Override public PrintStream err() { return System.err; }
    @Override public Style style() { return new Style(false); }
    @Override public boolean interactive() { return false; }
    @Override public String readLine(String prompt) { return null; }
    @Override public long startedNanos() { return 0; }
    @Override public long dockerCalls() { return 0; }
    @Override public void enableDebug() {}
    @Override public Path resolve(Path given) { return given; }
    @Override public Registration onInterrupt(Runnable handler) { return () -> {}; }
    @Override public void serve(io.orkestr.cli.ServeOptions options, OrkestrService service) {}
  }
}
