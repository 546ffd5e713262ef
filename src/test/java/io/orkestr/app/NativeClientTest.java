package io.orkestr.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.daemon.CliInvocation;
import io.orkestr.daemon.CliProtocol;
import io.orkestr.daemon.CliRunner;
import io.orkestr.daemon.DaemonServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native thin client (src/main/c/orkestr-client.c), compiled with the machine's C compiler and run as
 * a process against a real daemon server on a real Unix socket, with a stand-in for the command line.
 */
class NativeClientTest {
  static final String BUILD = "test-build";
  static Path binary;

  @TempDir static Path compiled;
  @TempDir Path home;
  @TempDir Path cwd;
  final List<CliInvocation> ran = new CopyOnWriteArrayList<>();
  DaemonServer server;

  @BeforeAll
  static void compile() throws Exception {
    binary = compiled.resolve("orkestr-client");
    Process cc = new ProcessBuilder("cc", "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-o", binary.toString(),
        "src/main/c/orkestr-client.c").redirectErrorStream(true).start();
    String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cc.waitFor()).as("cc: " + out).isZero();
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  Path socket() {
    return home.resolve(CliProtocol.SOCKET_NAME);
  }

  void serve(String build, CliRunner runner) {
    server = DaemonServer.start(socket(), (invocation, out, err, hangUp) -> {
      ran.add(invocation);
      return runner.run(invocation, out, err, hangUp);
    }, build);
  }

  void serve(String build) {
    serve(build, (invocation, out, err, hangUp) -> {
      out.println("out: " + String.join(" ", invocation.args()));
      err.println("err: from " + invocation.cwd());
      out.print("no newline");
      return 7;
    });
  }

  record Outcome(int code, String out, String err) {}

  Process start(Map<String, String> env, String build, String... args) throws IOException {
    return start(env, build, List.of(args), List.of());
  }

  Process start(Map<String, String> env, String build, List<String> args, List<String> fallback) throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), socket().toString(), build, Integer.toString(args.size())));
    command.addAll(args);
    command.addAll(fallback);
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }

  static Outcome finish(Process p) throws Exception {
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the client ended").isTrue();
    return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
  }

  Outcome client(Map<String, String> env, String... args) throws Exception {
    return finish(start(env, BUILD, args));
  }

  Map<String, String> env() {
    return Map.of("ORKESTR_HOME", home.toString(), "ORKESTR_IMAGE_MIRROR", "orkestr.local", "HOME", "/root", "PATH", "/usr/bin:/bin",
        "AWS_SECRET_ACCESS_KEY", "not-for-the-daemon");
  }

  @Test
  void relaysTheCommandsOutputAndExitCode() throws Exception {
    serve(BUILD);

    Outcome o = client(env(), "plan", "-f", "orkestr.yaml", "--detailed-exitcode");

    assertThat(o.code()).as(o.toString()).isEqualTo(7);
    assertThat(o.out()).isEqualTo("out: plan -f orkestr.yaml --detailed-exitcode\nno newline");
    assertThat(o.err()).isEqualTo("err: from " + cwd.toRealPath() + "\n");
  }

  @Test
  void sendsTheArgumentsExactlyAndOnlyOrkestrsVariables() throws Exception {
    serve(BUILD);
    String odd = "quote \" backslash \\ newline \n tab \t bell \u0007 accent é snow ☃";

    client(env(), "plan", "-f", odd, "");

    assertThat(ran).singleElement().satisfies(i -> {
      assertThat(i.args()).containsExactly("plan", "-f", odd, "");
      assertThat(i.env()).containsOnlyKeys("ORKESTR_HOME", "ORKESTR_IMAGE_MIRROR", "HOME");
      assertThat(i.env()).containsEntry("ORKESTR_HOME", home.toString());
      assertThat(i.cwd()).isEqualTo(cwd.toRealPath().toString());
      assertThat(i.terminal()).isFalse();
    });
  }

  @Test
  void relaysLargeOutputByteForByte() throws Exception {
    StringBuilder big = new StringBuilder();
    for (int i = 0; big.length() < 3_000_000; i++) big.append("line ").append(i).append(" ").append("x".repeat(i % 97)).append('\n');
    serve(BUILD, (invocation, out, err, hangUp) -> {
      for (int i = 0; i < big.length(); i += 7_919) out.print(big.substring(i, Math.min(big.length(), i + 7_919)));
      err.print("done");
      return 0;
    });

    Outcome o = client(env(), "status");

    assertThat(o.code()).isZero();
    assertThat(o.out()).isEqualTo(big.toString());
    assertThat(o.err()).isEqualTo("done");
  }

  @Test
  void leavesTheCommandToTheJvmWhenTheDaemonIsAnotherBuild() throws Exception {
    serve("another-build");

    Outcome o = client(env(), "plan");

    assertThat(o.code()).isEqualTo(ClientMain.NOT_TAKEN);
    assertThat(o.out() + o.err()).isEmpty();
    assertThat(ran).isEmpty();
  }

  @Test
  void leavesTheCommandToTheJvmWithoutADaemonOrWithAStaleSocketFile() throws Exception {
    assertThat(client(env(), "plan").code()).isEqualTo(ClientMain.NOT_TAKEN);

    Files.writeString(socket(), "");  // as a killed daemon leaves it
    Outcome o = client(env(), "plan");

    assertThat(o.code()).isEqualTo(ClientMain.NOT_TAKEN);
    assertThat(o.out() + o.err()).isEmpty();
  }

  @Test
  void keepsCommandsLocalWhenAskedToOrWhenTheyMustBe() throws Exception {
    serve(BUILD);
    Map<String, String> off = new java.util.HashMap<>(env());
    off.put("ORKESTR_DAEMON", "off");

    assertThat(client(off, "plan").code()).isEqualTo(ClientMain.NOT_TAKEN);
    assertThat(client(env(), "serve").code()).isEqualTo(ClientMain.NOT_TAKEN);
    assertThat(client(env(), "--debug", "plan").code()).isEqualTo(ClientMain.NOT_TAKEN);
    assertThat(client(env(), "run", "--project", "shop", "--", "true").code()).isEqualTo(ClientMain.NOT_TAKEN);
    assertThat(ran).isEmpty();
  }

  @Test
  void ctrlCInterruptsTheCommandAndRelaysWhatItPrintsThen() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    serve(BUILD, (invocation, out, err, hangUp) -> {
      CountDownLatch interrupted = new CountDownLatch(1);
      hangUp.onHangUp(interrupted::countDown);
      out.println("applying");
      started.countDown();
      try {
        if (!interrupted.await(30, TimeUnit.SECONDS)) return 0;
      } catch (InterruptedException e) {
        return 1;
      }
      err.println("interrupted: letting changes in progress finish");
      return 130;
    });
    Process p = start(env(), BUILD, "apply", "--auto-approve");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    // Once the client has relayed the first frame, it has read the head and waits for more.
    byte[] first = p.getInputStream().readNBytes("applying\n".length());
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("applying\n");

    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    Outcome o = finish(p);

    assertThat(o.code()).isEqualTo(130);
    assertThat(o.out()).as("nothing more after the first frame").isEmpty();
    assertThat(o.err()).as("printed after the interrupt, so the client kept listening").isEqualTo("interrupted: letting changes in progress finish\n");
  }

  @Test
  void saysSoWhenTheDaemonStopsDuringTheCommand() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    serve(BUILD, StandInCommands.runsLong(started));
    Process p = start(env(), BUILD, "apply", "--auto-approve");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    server.close();
    server = null;
    Outcome o = finish(p);

    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).isEqualTo("orkestr: the daemon (" + socket() + ") stopped before the command finished; run it again\n");
  }

  @Test
  void runsTheFallbackInItsPlaceWhenTheDaemonDoesNotTakeTheCommand() throws Exception {
    serve("another-build");
    List<String> fallback = List.of("sh", "-c", "echo \"fallback pid $$ ORKESTR_DAEMON=$ORKESTR_DAEMON args $*\"; exit 5", "sh", "plan", "-f", "x.yaml");

    Process p = start(env(), BUILD, List.of("plan", "-f", "x.yaml"), fallback);
    Outcome o = finish(p);

    assertThat(o.code()).as(o.toString()).isEqualTo(5);
    assertThat(o.out()).as("the same process, told not to ask the daemon again")
        .isEqualTo("fallback pid " + p.pid() + " ORKESTR_DAEMON=off args plan -f x.yaml\n");
    assertThat(ran).isEmpty();
  }
}
