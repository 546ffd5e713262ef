package io.orkestr.backup.s3;

import io.orkestr.backup.OffsiteStore;
import io.orkestr.backup.OffsiteStores;
import io.orkestr.error.UserError;
import io.orkestr.manifest.OffsiteSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3OffsiteStores opens S3 clients with the credentials of the environment orkestr was started in
 * (a command handed to a daemon carries its caller's): AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
 * (and AWS_SESSION_TOKEN), else AWS_PROFILE, else the SDK's default chain. One client per store.
 */
public final class S3OffsiteStores implements OffsiteStores {
  private final Map<String, String> env;
  private final Path workingDirectory;
  private final Map<OffsiteSettings, OffsiteStore> open = new ConcurrentHashMap<>();

  /** env and workingDirectory: the caller's (a relative ORKESTR_AGE_IDENTITY is the caller's, also in a daemon). */
  public S3OffsiteStores(Map<String, String> env, Path workingDirectory) {
    this.env = Map.copyOf(env);
    this.workingDirectory = workingDirectory;
  }

  @Override
  public OffsiteStore open(OffsiteSettings settings) {
    return open.computeIfAbsent(settings, s -> new S3OffsiteStore(building(s), s, this::identities, MultipartOutput.PART_BYTES));
  }

  /**
   * The client, built on a thread of its own from now on: loading the SDK takes a few hundred ms of
   * a cold JVM, which then overlaps the command's first Docker calls instead of preceding them.
   */
  private Supplier<S3Client> building(OffsiteSettings s) {
    FutureTask<S3Client> task = new FutureTask<>(() -> client(s));
    Thread t = new Thread(task, "orkestr-s3-client");
    t.setDaemon(true);
    t.start();
    return () -> {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the S3 client was built", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) throw r;
        throw new IllegalStateException(e.getCause());
      }
    };
  }

  private S3Client client(OffsiteSettings s) {
    var b = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(credentials())
        .region(Region.of(s.region().or(() -> value("AWS_REGION")).or(() -> value("AWS_DEFAULT_REGION")).orElse("us-east-1")))
        .forcePathStyle(s.pathStyle())
        // Since 2.30 the SDK sends CRC32 trailers by default, which many S3-compatible stores refuse.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    s.endpoint().ifPresent(e -> b.endpointOverride(URI.create(e)));
    return b.build();
  }

  private AwsCredentialsProvider credentials() {
    Optional<String> id = value("AWS_ACCESS_KEY_ID");
    Optional<String> secret = value("AWS_SECRET_ACCESS_KEY");
    if (id.isPresent() && secret.isPresent()) {
      Optional<String> token = value("AWS_SESSION_TOKEN");
      return StaticCredentialsProvider.create(token.isPresent() ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
          : AwsBasicCredentials.create(id.get(), secret.get()));
    }
    return value("AWS_PROFILE").<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
  }

  /** The age identities in ORKESTR_AGE_IDENTITY's file (lines AGE-SECRET-KEY-1...), needed only to open a copy. */
  private List<String> identities() {
    String file = value("ORKESTR_AGE_IDENTITY").orElseThrow(() -> new UserError(
        "this copy is encrypted: reading it needs the private key", "set ORKESTR_AGE_IDENTITY to an age identity file (age-keygen -o key.txt)"));
    try {
      List<String> keys = Files.readAllLines(workingDirectory.resolve(file)).stream().map(String::strip).filter(l -> l.startsWith("AGE-SECRET-KEY-1")).toList();
      if (keys.isEmpty()) throw new UserError("ORKESTR_AGE_IDENTITY (" + file + ") holds no age identity (a line AGE-SECRET-KEY-1...)");
      return keys;
    } catch (IOException e) {
      throw new UserError("cannot read ORKESTR_AGE_IDENTITY (" + file + "): " + e.getClass().getSimpleName());
    }
  }

  private Optional<String> value(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
  }
}
