package io.orkestr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineErrorsTest {
  private record Run(int code, String out, String err) {}

  private static Run orkestr(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, Map.of("ORKESTR_DAEMON", "off", "ORKESTR_HOME", "/nonexistent-orkestr-home"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void suggestsTheClosestCommandForAMistypedOne() {
    Run r = orkestr("aplly");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: unknown command \"aplly\", did you mean \"apply\"?\n");
  }

  @Test
  void listsTheCommandsWhenNoneIsClose() {
    Run r = orkestr("frobnicate");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().findFirst().orElse("")).startsWith("error: unknown command \"frobnicate\" (commands: validate, plan, apply,");
    assertThat(r.err()).doesNotContain("Unmatched argument");
  }

  @Test
  void suggestsTheClosestOptionForAMistypedOne() {
    Run r = orkestr("apply", "--auto-aprove");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: unknown option \"--auto-aprove\", did you mean \"--auto-approve\"?\n");
  }
}
