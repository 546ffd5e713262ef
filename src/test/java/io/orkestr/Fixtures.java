package io.orkestr;

import io.orkestr.credential.fs.FileCredentialStore;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.DesiredStateBuilder;
import io.orkestr.desired.ImageCatalog;
import io.orkestr.docker.DockerPort;
import io.orkestr.lock.fs.FileApplyLock;
import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.ManifestParser;
import io.orkestr.plan.SubnetPool;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import io.orkestr.service.ServiceSettings;
import io.orkestr.state.fs.FileLiveUpdateLog;
import io.orkestr.tier.Tiers;
import io.orkestr.tier.TiersParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Fixtures builds the core's inputs from manifest text, for unit tests. */
public final class Fixtures {
  public static final Tiers TIERS = TiersParser.builtIn();
  public static final ImageCatalog LOCAL_IMAGES = new ImageCatalog(Optional.of("orkestr.local"));

  private Fixtures() {}

  public static Manifest manifest(String yaml) {
    return new ManifestParser(TIERS).parse("orkestr.yaml", yaml, "test");
  }

  public static DesiredState desired(String yaml) {
    return new DesiredStateBuilder(TIERS, LOCAL_IMAGES).build(manifest(yaml));
  }

  public static ManifestFile file(String yaml) {
    return new ManifestFile("orkestr.yaml", yaml, "test");
  }

  public static OrkestrService service(DockerPort docker, Path home) {
    return new OrkestrService(TIERS, new ServiceSettings(LOCAL_IMAGES, SubnetPool.parse(SubnetPool.DEFAULT), Duration.ofSeconds(5),
        io.orkestr.disk.DiskPort.none(""), new io.orkestr.sleep.FakeDiversions(), ServiceSettings.WAKE_TIMEOUT),
        () -> docker, new FileCredentialStore(home), new FileApplyLock(home),
        new FileLiveUpdateLog(home), new io.orkestr.state.fs.FileSleepLog(home), new io.orkestr.backup.fs.FileSystemBackupStore(home),
        new io.orkestr.backup.fs.FileScheduleLog(home), java.time.Clock.systemUTC());
  }

  /** An in-memory Docker port that has the given images. */
  public static io.orkestr.docker.FakeDockerPort fakeDocker(String... images) {
    io.orkestr.docker.FakeDockerPort docker = new io.orkestr.docker.FakeDockerPort();
    docker.images.addAll(java.util.List.of(images));
    return docker;
  }

  /** A manifest with one project on the given plan and the given add-ons (YAML flow items). */
  public static String project(String name, String plan, String... addons) {
    StringBuilder sb = new StringBuilder("version: 1\nprojects:\n  - name: " + name + "\n    plan: " + plan + "\n");
    if (addons.length > 0) {
      sb.append("    addons:\n");
      for (String a : addons) sb.append("      - ").append(a).append('\n');
    }
    return sb.toString();
  }
}
