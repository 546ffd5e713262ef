package io.orkestr.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import io.orkestr.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * ItContext gives each integration test its own manifest name ({@code it-<class>-<method>-<hex>}),
 * unique project names, its own ORKESTR_HOME, and ways to run orkestr (in-process or through
 * bin/orkestr) and to probe from containers. Afterwards it removes everything carrying the test's
 * manifest or run label, even when the test failed (unless -Dorkestr.it.keep=true).
 */
public final class ItContext implements BeforeEachCallback, AfterEachCallback {
  static final String RUN_LABEL = "orkestr.test.run";
  static final String PROBE_IMAGE = "orkestr.local/probe:latest";
  private static boolean swept;

  private final String runId = UUID.randomUUID().toString();
  private final String suffix = hex();
  private String manifest;
  private Path dir;
  private Path home;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    sweepOldLeftovers();
    String cls = context.getRequiredTestClass().getSimpleName().replace("IT", "");
    String method = context.getRequiredTestMethod().getName();
    manifest = dnsLabel("it-" + cls + "-" + method, 50) + "-" + suffix;
    dir = Files.createTempDirectory("orkestr-it-").resolve(manifest);
    Files.createDirectories(dir);
    // A short path of its own: the daemon's socket then sits in it, where bin/orkestr's thin client looks.
    home = Files.createTempDirectory("orkestr-home-");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (Boolean.getBoolean("orkestr.it.keep") && context.getExecutionException().isPresent()) {
      System.err.println("keeping resources of manifest " + manifest + " and run " + runId + " (orkestr.it.keep)");
      return;
    }
    removeByLabel(RUN_LABEL + "=" + runId);
    removeByLabel("orkestr.manifest=" + manifest);
    removeDisks(home.resolve("disks"));
    removeDiversions("-" + suffix + "/");
  }

  /** Removes the sleep diversions (DNAT rules in ORKESTR-WAKE) of add-ons whose key holds the marker: this test's projects'. */
  static void removeDiversions(String marker) {
    try {
      Process list = new ProcessBuilder("iptables", "-w", "-t", "nat", "-S", "ORKESTR-WAKE").redirectErrorStream(true).start();
      String rules = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (list.waitFor() != 0) return;
      for (String rule : rules.split("\n")) {
        if (!rule.startsWith("-A ") || !rule.contains(marker)) continue;
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "-t", "nat", "-D"));
        // The rule as iptables printed it, its comment unquoted back into one argument.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"[^\"]*\"|\\S+").matcher(rule.substring(3));
        while (m.find()) cmd.add(m.group().replace("\"", ""));
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      }
    } catch (IOException e) {
      System.err.println("could not remove the test's diversions: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Unmounts and deletes the size-limited disks orkestr made under dir (their containers are gone by now). */
  public static void removeDisks(Path dir) {
    if (!Files.isDirectory(dir)) return;
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        if (Files.isDirectory(p)) {
          new ProcessBuilder("umount", p.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
          Files.deleteIfExists(p);
        } else {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      System.err.println("could not remove the disks under " + dir + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The run's label value: what the test itself creates (probes, clients) carries orkestr.test.run with it. */
  public String runId() {
    return runId;
  }

  /** The manifest's name; every resource orkestr creates for this test carries it. */
  public String manifest() {
    return manifest;
  }

  public Path home() {
    return home;
  }

  public Path dir() {
    return dir;
  }

  /** A project name unique to this test run: {@code shop-1a2b3c4d}. */
  public String project(String base) {
    return base + "-" + suffix;
  }

  /** Writes the manifest (with this test's name: line) and returns its path. */
  public Path write(String yaml) {
    Path file = dir.resolve("orkestr.yaml");
    try {
      Files.writeString(file, "name: " + manifest + "\n" + yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ORKESTR_HOME", home.toString());
    env.put("ORKESTR_IMAGE_MIRROR", "orkestr.local");
    env.remove("NO_COLOR");
    return env;
  }

  /** Runs orkestr in this JVM. */
  public Result run(String... args) {
    return run(env(), args);
  }

  public Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, env, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Starts bin/orkestr as a separate process (for exit codes, signals and kill -9). Through perl (Debian's perl-base
   * is always there), which puts Ctrl-C's signals back to their default before it execs: a suite started in the
   * background of a script without job control inherits SIGINT ignored, and a JVM that inherits it ignored never
   * hears it, so the tests that press Ctrl-C would not be testing anything.
   */
  public Process start(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = $SIG{QUIT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
    cmd.add(Path.of(System.getProperty("orkestr.basedir", ".")).resolve("bin/orkestr").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Result runProcess(String... args) {
    Process p = start(env(), args);
    try {
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      p.waitFor(10, TimeUnit.MINUTES);
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The password orkestr stored for an add-on. */
  /** A JDBC connection as the app to the project's Postgres add-on named db (its role and database are db too). */
  public java.sql.Connection appDb(String project) throws java.sql.SQLException {
    String ip = TestDocker.ip("orkestr_" + project + "_db", "orkestr_" + project + "_private");
    return java.sql.DriverManager.getConnection("jdbc:postgresql://" + ip + ":5432/db", "db", password(project, "db"));
  }

  public String password(String project, String addon) {
    try {
      return Files.readString(home.resolve("credentials").resolve(project).resolve(addon)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** orkestr's own administrative password for an add-on. */
  public String adminPassword(String project, String addon) {
    try {
      return Files.readString(home.resolve("credentials").resolve(project).resolve(addon + ".admin")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A container's log, stdout and stderr. */
  public static String logs(String container) {
    StringBuilder out = new StringBuilder();
    try {
      TestDocker.CLIENT.logContainerCmd(container).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame f) {
          synchronized (out) {
            out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
          }
        }
      }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (out) {
      return out.toString();
    }
  }

  /**
   * Runs a shell command in a throwaway probe container (psql, redis-cli, nc) on the given networks,
   * and returns its exit code and output.
   */
  public Result probe(List<String> networks, String shell) {
    var created = TestDocker.CLIENT.createContainerCmd(PROBE_IMAGE).withName("orkestr-probe-" + hex())
        .withLabels(Map.of(RUN_LABEL, runId)).withCmd("sh", "-c", shell)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(networks.get(0))).exec();
    String id = created.getId();
    for (String n : networks.subList(1, networks.size())) TestDocker.CLIENT.connectToNetworkCmd().withContainerId(id).withNetworkId(n).exec();
    TestDocker.CLIENT.startContainerCmd(id).exec();
    Integer code = TestDocker.CLIENT.waitContainerCmd(id).start().awaitStatusCode(2, TimeUnit.MINUTES);
    StringBuilder out = new StringBuilder();
    try {
      TestDocker.CLIENT.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame f) {
          out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
        }
      }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    TestDocker.CLIENT.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    return new Result(code, out.toString(), "");
  }

  /** Runs a shell command inside a running container (docker exec) and returns its exit code and output. */
  public static Result exec(String container, String shell) {
    var exec = TestDocker.CLIENT.execCreateCmd(container).withAttachStdout(true).withAttachStderr(true).withCmd("sh", "-c", shell).exec();
    StringBuilder out = new StringBuilder();
    try {
      TestDocker.CLIENT.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame f) {
          synchronized (out) {
            out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
          }
        }
      }).awaitCompletion(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Long code = TestDocker.CLIENT.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
    synchronized (out) {
      return new Result(code == null ? -1 : code.intValue(), out.toString(), "");
    }
  }

  /** Polls until the condition holds, or fails after the timeout; never a fixed sleep. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    await(what, timeout, Duration.ofMillis(500), condition);
  }

  /** Polls, at most maxPause apart (a state that lasts only a moment needs a tight poll), until the condition holds. */
  public static void await(String what, Duration timeout, Duration maxPause, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = Math.min(50, maxPause.toMillis());
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting until " + what);
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
      pause = Math.min(maxPause.toMillis(), pause * 2);
    }
  }

  /**
   * Checks that the condition holds throughout the window, failing at the first time it does not: for
   * what must not happen (no backup after a schedule is turned off), which only a window can show.
   */
  public static void holds(String what, Duration window, BooleanSupplier condition) {
    long end = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < end) {
      if (!condition.getAsBoolean()) throw new AssertionError("no longer true: " + what);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted checking that " + what);
      }
    }
    if (!condition.getAsBoolean()) throw new AssertionError("no longer true: " + what);
  }

  public static void removeByLabel(String label) {
    for (Container c : TestDocker.CLIENT.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()) {
      try {
        TestDocker.CLIENT.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
    // Job containers carry the manifest label too; networks can only go once no container is left on them.
    for (Network n : TestDocker.CLIENT.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
      try {
        TestDocker.CLIENT.removeNetworkCmd(n.getId()).exec();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
    var volumes = TestDocker.CLIENT.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
    if (volumes != null) {
      for (var v : volumes) {
        try {
          TestDocker.CLIENT.removeVolumeCmd(v.getName()).exec();
        } catch (RuntimeException ignored) {
          // already gone
        }
      }
    }
  }

  /** Removes what earlier test runs left (a killed JVM skips @AfterEach): it- manifests older than an hour. */
  private static synchronized void sweepOldLeftovers() {
    if (swept) return;
    swept = true;
    long hourAgo = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
    java.util.Set<String> stale = new java.util.TreeSet<>();
    for (Container c : TestDocker.containers("orkestr.managed=true")) {
      String m = c.getLabels().getOrDefault("orkestr.manifest", "");
      if (m.startsWith("it-") && c.getCreated() < hourAgo) stale.add(m);
    }
    for (Container c : TestDocker.containers(RUN_LABEL)) {
      if (c.getCreated() < hourAgo) TestDocker.CLIENT.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
    }
    stale.forEach(m -> removeByLabel("orkestr.manifest=" + m));
  }

  private static String dnsLabel(String s, int max) {
    String label = s.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase().replaceAll("[^a-z0-9-]+", "-");
    if (label.length() > max) label = label.substring(0, max);
    return label.replaceAll("-+$", "");
  }

  private static String hex() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
