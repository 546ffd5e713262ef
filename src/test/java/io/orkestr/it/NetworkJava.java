package io.orkestr.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * NetworkJava runs a real Java client (JDBC, Jedis) where an app runs: in a container on a project's
 * network, with a JDK and the client libraries the tests use mounted read-only. A sleeping add-on's
 * diversion takes connections from its network, as an app's are, not the test JVM's on the host.
 */
final class NetworkJava {
  /** Classes whose jars the clients need: the drivers and what they depend on. */
  private static final List<String> LIBRARIES = List.of("org.postgresql.Driver", "redis.clients.jedis.Jedis",
      "org.apache.commons.pool2.ObjectPool", "org.slf4j.Logger", "com.google.gson.Gson", "org.json.JSONObject");

  private NetworkJava() {}

  /** A JDK that runs in the probe image (Debian bookworm): Temurin's when the machine has it (no links outside it), else this one. */
  private static Path jdk() {
    Path temurin = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    return Files.isExecutable(temurin.resolve("bin/java")) ? temurin : Path.of(System.getProperty("java.home"));
  }

  private static List<Bind> binds(Path work) {
    List<Bind> binds = new ArrayList<>();
    Path jdk = jdk();
    binds.add(new Bind(jdk.toString(), new Volume("/jdk"), com.github.dockerjava.api.model.AccessMode.ro));
    binds.add(new Bind(work.toString(), new Volume("/work"), com.github.dockerjava.api.model.AccessMode.ro));
    for (String cls : LIBRARIES) {
      try {
        Path jar = Path.of(Class.forName(cls).getProtectionDomain().getCodeSource().getLocation().toURI());
        binds.add(new Bind(jar.toString(), new Volume("/jars/" + jar.getFileName()), com.github.dockerjava.api.model.AccessMode.ro));
      } catch (ClassNotFoundException | java.net.URISyntaxException e) {
        // not on the test classpath: not needed
      }
    }
    return binds;
  }

  /** Starts the client (source: a class Client with a main) on the network; returns the container's id. */
  static String start(ItContext it, String network, String source, Map<String, String> env, String... args) {
    Path work;
    try {
      work = Files.createTempDirectory("orkestr-client-");
      Files.writeString(work.resolve("Client.java"), source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>(List.of("/jdk/bin/java", "-Xss512k", "-cp", "/jars/*", "/work/Client.java"));
    cmd.addAll(List.of(args));
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    var created = TestDocker.CLIENT.createContainerCmd(ItContext.PROBE_IMAGE).withName("orkestr-client-" + Long.toHexString(System.nanoTime()))
        .withLabels(Map.of(ItContext.RUN_LABEL, it.runId())).withCmd(cmd).withEnv(envList)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network).withBinds(binds(work))).exec();
    TestDocker.CLIENT.startContainerCmd(created.getId()).exec();
    return created.getId();
  }

  /** Runs the client to its end; its exit code and output. */
  static Result run(ItContext it, String network, String source, Map<String, String> env, String... args) {
    String id = start(it, network, source, env, args);
    Integer code = TestDocker.CLIENT.waitContainerCmd(id).start().awaitStatusCode(3, TimeUnit.MINUTES);
    String out = ItContext.logs(id);
    TestDocker.CLIENT.removeContainerCmd(id).withForce(true).exec();
    return new Result(code == null ? -1 : code, out, "");
  }

  /** The JDBC URL and user of a postgres:// URL (what DATABASE_URL holds). */
  static Map<String, String> jdbc(String databaseUrl) {
    java.net.URI u = java.net.URI.create(databaseUrl);
    String[] userInfo = u.getRawUserInfo().split(":", 2);
    return Map.of("JDBC_URL", "jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(), "JDBC_USER", userInfo[0],
        "JDBC_PASSWORD", java.net.URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
  }
}
