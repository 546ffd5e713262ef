package io.orkestr.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OffsiteSettings is where every backup of the manifest is also kept, off the machine: an S3
 * bucket and key prefix (url s3://bucket/prefix), an optional endpoint for any S3-compatible store,
 * and the age recipients (public keys) its copies are encrypted to before they leave, or none when
 * the operator said {@code encrypt: false} on purpose. Credentials are never here: they come from the
 * standard AWS variables or profile.
 */
public record OffsiteSettings(String bucket, String prefix, Optional<String> endpoint, Optional<String> region, boolean pathStyle,
    List<String> recipients) {
  public OffsiteSettings {
    Objects.requireNonNull(bucket);
    Objects.requireNonNull(prefix);
    Objects.requireNonNull(endpoint);
    Objects.requireNonNull(region);
    recipients = List.copyOf(recipients);
  }

  /** Whether copies are encrypted (the manifest names recipients) or stored as they are (encrypt: false). */
  public boolean encrypted() {
    return !recipients.isEmpty();
  }

  /** s3://bucket/prefix as the manifest said it. */
  public String url() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** Parses s3://bucket[/prefix] (the schema checked its shape): bucket and prefix without slashes at its ends. */
  static String[] split(String url) {
    String rest = url.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash < 0) return new String[] {rest, ""};
    return new String[] {rest.substring(0, slash), rest.substring(slash + 1).replaceAll("^/+|/+$", "")};
  }
}
