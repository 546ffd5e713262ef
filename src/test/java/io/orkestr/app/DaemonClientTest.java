package io.orkestr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.daemon.CliInvocation;
import io.orkestr.daemon.CliProtocol;
import io.orkestr.daemon.CliRunner;
import io.orkestr.daemon.DaemonServer;
import io.orkestr.error.UserError;
import io.orkestr.http.HttpLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thin client against a real daemon server on a real Unix socket, with a stand-in for the command line. */
class DaemonClientTest {
  @TempDir Path home;
  final List<CliInvocation> ran = new CopyOnWriteArrayList<>();
  DaemonServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("ORKESTR_HOME", home.toString());
    env.put("ORKESTR_IMAGE_MIRROR", "orkestr.local");
    env.put("AWS_SECRET_ACCESS_KEY", "not-for-the-daemon");
    return env;
  }

  void serve(String build) {
    server = DaemonServer.start(home.resolve(CliProtocol.SOCKET_NAME), (invocation, out, err, hangUp) -> {
      ran.add(invocation);
      out.println("out: " + String.join(" ", invocation.args()));
      err.println("err: from " + invocation.cwd());
      out.print("no newline");
      return 7;
    }, build);
  }

  record Outcome(Integer code, String out, String err) {}

  Outcome client(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Integer code = DaemonClient.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void relaysTheCommandsOutputAndExitCode() {
    serve(CliProtocol.buildId());

    Outcome o = client(env(), "plan", "-f", "orkestr.yaml", "--detailed-exitcode");

    assertThat(o.code()).isEqualTo(7);
    assertThat(o.out()).as(o.toString()).isEqualTo("out: plan -f orkestr.yaml --detailed-exitcode\nno newline");
    assertThat(o.err()).isEqualTo("err: from " + Path.of("").toAbsolutePath() + "\n");
  }

  @Test
  void sendsOnlyOrkestrsVariablesAndTheWorkingDirectory() {
    serve(CliProtocol.buildId());

    client(env(), "status");

    assertThat(ran).singleElement().satisfies(i -> {
      assertThat(i.env()).containsEntry("ORKESTR_HOME", home.toString()).containsEntry("ORKESTR_IMAGE_MIRROR", "orkestr.local")
          .doesNotContainKey("AWS_SECRET_ACCESS_KEY");
      assertThat(i.cwd()).isEqualTo(Path.of("").toAbsolutePath().toString());
      assertThat(i.terminal()).isFalse();
    });
  }

  @Test
  void runsTheCommandItselfWhenTheDaemonIsAnotherBuild() {
    serve("another-build");

    Outcome o = client(env(), "plan");

    assertThat(o.code()).isNull();
    assertThat(ran).isEmpty();
    assertThat(o.out() + o.err()).isEmpty();
  }

  @Test
  void runsTheCommandItselfWithoutADaemonOrWithAStaleSocketFile() throws IOException {
    assertThat(client(env(), "plan").code()).isNull();

    Files.writeString(home.resolve(CliProtocol.SOCKET_NAME), "");  // as a killed daemon leaves it

    assertThat(client(env(), "plan").code()).isNull();
  }

  @Test
  void keepsCommandsLocalWhenAskedToOrWhenTheyMustBe() {
    serve(CliProtocol.buildId());
    Map<String, String> off = env();
    off.put("ORKESTR_DAEMON", "off");

    assertThat(client(off, "plan").code()).isNull();
    assertThat(client(env(), "serve").code()).isNull();
    assertThat(client(env(), "--debug", "plan").code()).isNull();
    assertThat(client(env(), "run", "--project", "shop", "--", "true").code()).isNull();
    assertThat(ran).isEmpty();
  }

  @Test
  void aClientThatGoesAwayInterruptsItsCommand() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    server = DaemonServer.start(home.resolve(CliProtocol.SOCKET_NAME), (invocation, out, err, hangUp) -> {
      hangUp.onHangUp(interrupted::countDown);
      started.countDown();
      try {
        return interrupted.await(30, TimeUnit.SECONDS) ? 130 : 0;
      } catch (InterruptedException e) {
        return 1;
      }
    }, "b");

    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(home.resolve(CliProtocol.SOCKET_NAME)))) {
      String body = "{\"args\":[\"apply\"],\"cwd\":\"/\",\"env\":{}}";
      Channels.newOutputStream(c).write(("POST /v1/cli HTTP/1.1\r\nHost: x\r\n" + CliProtocol.BUILD_HEADER + ": b\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      InputStream in = Channels.newInputStream(c);
      assertThat(HttpLines.read(in, "the daemon")).startsWith("HTTP/1.1 200");
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the command saw its client go").isTrue();
  }

  @Test
  void refusesToStartOverALiveDaemonAndReplacesAStaleSocket() throws IOException {
    Path socket = home.resolve(CliProtocol.SOCKET_NAME);
    Files.writeString(socket, "");
    serve("b");  // over the stale file

    assertThat(Files.getPosixFilePermissions(socket)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    assertThatThrownBy(() -> DaemonServer.start(socket, (i, o, e, h) -> 0, "b")).isInstanceOf(UserError.class)
        .hasMessageContaining("already running on " + socket);

    server.close();
    server = null;
    assertThat(socket).doesNotExist();
  }

  @Test
  void saysSoWhenTheDaemonStopsDuringTheCommandRatherThanRunItAgain() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CliRunner runsLong = StandInCommands.runsLong(started);
    server = DaemonServer.start(home.resolve(CliProtocol.SOCKET_NAME), (invocation, out, err, hangUp) -> {
      ran.add(invocation);
      return runsLong.run(invocation, out, err, hangUp);
    }, CliProtocol.buildId());
    Thread stopper = new Thread(() -> {
      try {
        if (started.await(10, TimeUnit.SECONDS)) server.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    stopper.start();

    Outcome o = client(env(), "apply", "--auto-approve");
    stopper.join();
    server = null;

    assertThat(o.code()).as("taken, so not run again here").isEqualTo(1);
    assertThat(o.err()).isEqualTo("orkestr: the daemon (" + home.resolve(CliProtocol.SOCKET_NAME)
        + ") stopped before the command finished; run it again" + System.lineSeparator());
    assertThat(ran).hasSize(1);
  }
}
