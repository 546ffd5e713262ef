package io.orkestr.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CliProtocolTest {
  @Test
  void forwardsCommandsThatNeitherAskNorOwnTheTerminal() {
    assertThat(CliProtocol.forwardable(List.of("plan", "-f", "orkestr.yaml"), true)).isTrue();
    assertThat(CliProtocol.forwardable(List.of("--stats", "plan"), true)).isTrue();
    assertThat(CliProtocol.forwardable(List.of("--version"), true)).isTrue();
    assertThat(CliProtocol.forwardable(List.of(), true)).isTrue();
    assertThat(CliProtocol.forwardable(List.of("apply", "-f", "x.yaml"), false)).isTrue();
    assertThat(CliProtocol.forwardable(List.of("apply", "--auto-approve"), true)).isTrue();
  }

  @Test
  void keepsServeRunDebugAndQuestionsOnATerminalLocal() {
    assertThat(CliProtocol.forwardable(List.of("serve"), false)).isFalse();
    assertThat(CliProtocol.forwardable(List.of("run", "--project", "shop", "--", "true"), false)).isFalse();
    assertThat(CliProtocol.forwardable(List.of("--debug", "plan"), false)).isFalse();
    assertThat(CliProtocol.forwardable(List.of("plan", "--debug"), false)).isFalse();
    assertThat(CliProtocol.forwardable(List.of("apply"), true)).isFalse();
    assertThat(CliProtocol.forwardable(List.of("destroy", "-f", "x.yaml"), true)).isFalse();
    assertThat(CliProtocol.forwardable(List.of("deploy", "--app", "shop/web"), true)).isFalse();
  }

  @Test
  void findsTheCommandAfterARootOptionsValue() {
    assertThat(CliProtocol.forwardable(List.of("--plans", "serve.yaml", "plan"), false)).isTrue();
    assertThat(CliProtocol.forwardable(List.of("--plans", "plans.yaml", "serve"), false)).isFalse();
  }

  @Test
  void namesTheCommandForTheLogAfterARootOptionsValue() {
    CliInvocation i = new CliInvocation(java.util.List.of("--plans", "plans.yaml", "plan", "-f", "x.yaml"), "/tmp", java.util.Map.of(), false);

    assertThat(i).hasToString("CliInvocation[plan in /tmp]");
  }

  @Test
  void forwardsOnlyTheVariablesOrkestrReads() {
    assertThat(CliProtocol.forwardedVariable("ORKESTR_HOME")).isTrue();
    assertThat(CliProtocol.forwardedVariable("DOCKER_HOST")).isTrue();
    assertThat(CliProtocol.forwardedVariable("NO_COLOR")).isTrue();
    assertThat(CliProtocol.forwardedVariable("AWS_SECRET_ACCESS_KEY")).isFalse();
    assertThat(CliProtocol.forwardedVariable("PATH")).isFalse();
  }
}
