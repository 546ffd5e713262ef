package io.orkestr.cli;

import io.orkestr.render.Style;
import io.orkestr.service.OrkestrService;
import java.io.PrintStream;
import java.nio.file.Path;

/** CliContext is what the commands get from app/: the service (built on first use), output streams and style. */
public interface CliContext {
  /** The service, with the plans file given by --plans (or ORKESTR_PLANS, or the built-in one). */
  OrkestrService service(Path plansFile);

  PrintStream out();

  PrintStream err();

  Style style();

  /** Whether stdin and stdout are a terminal (confirmation prompts, colour). */
  boolean interactive();

  /** Reads one line from the terminal, or null. */
  String readLine(String prompt);

  /** Docker API calls made so far, for --stats. */
  long dockerCalls();

  /** Turns on DEBUG logging and stack traces. */
  void enableDebug();
}
