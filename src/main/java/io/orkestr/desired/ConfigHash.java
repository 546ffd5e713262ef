package io.orkestr.desired;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * ConfigHash hashes a container spec's normalised fields, part by part, from orkestr's own values
 * only (never fields Docker fills in), so that restarting the engine never shows a false change.
 * Limits are left out: they change live. Placeholders are hashed as written, never resolved.
 */
public final class ConfigHash {
  private static final java.util.Set<String> LEGACY_POLICIES = java.util.Set.of(
      ContainerPolicy.addOn(ContainerPolicy.HealthCheck.of(java.util.List.of())).describe(), ContainerPolicy.app().describe());

  private ConfigHash() {}

  /** The hash of each part that, when changed, requires a new container. */
  public static Map<String, String> parts(ContainerSpec s) {
    Map<String, String> parts = new TreeMap<>();
    parts.put("image", sha(s.image()));
    parts.put("command", sha(String.join("\u0000", s.command())));
    parts.put("env", sha(s.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\u0000"))));
    parts.put("networks", sha(s.networks().stream().map(n -> n.networkName() + ":" + String.join(",", n.aliases()))
        .collect(Collectors.joining("\u0000"))));
    parts.put("mounts", sha(s.mounts().stream().map(m -> m.volumeName() + ":" + m.path()).collect(Collectors.joining("\u0000"))));
    parts.put("ports", sha(s.ports().stream().map(PublishedPort::toString).collect(Collectors.joining("\u0000"))));
    parts.put("healthcheck", sha(String.join("\u0000", s.policy().healthcheck().map(h -> h.test()).orElse(java.util.List.of()))));
    // Files joined the spec after the rest: none (apps) adds no part, so no running app is replaced for it. Only which
    // files: their content follows the settings and access, which change live (and are compared on their own).
    s.addOn().filter(a -> !a.files().isEmpty()).ifPresent(a -> parts.put("files", sha(a.files().stream()
        .map(f -> f.path() + ":" + Integer.toOctalString(f.mode())).collect(Collectors.joining("\u0000")))));
    // The policy joined the spec after the rest: one equal to what orkestr always applied adds no part,
    // so that no running container is replaced for it. Any other policy is a part like the others.
    String policy = s.policy().describe();
    if (!LEGACY_POLICIES.contains(policy)) parts.put("policy", sha(policy));
    return parts;
  }

  /** "command:1a2b3c4d,env:..." for the part-hashes label. */
  public static String partsLabel(Map<String, String> parts) {
    return parts.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().substring(0, 8))
        .collect(Collectors.joining(","));
  }

  /** Parses a part-hashes label back into part -> short hash. */
  public static Map<String, String> parsePartsLabel(String label) {
    Map<String, String> out = new TreeMap<>();
    if (label == null || label.isEmpty()) return out;
    for (String item : label.split(",")) {
      int colon = item.indexOf(':');
      if (colon > 0) out.put(item.substring(0, colon), item.substring(colon + 1));
    }
    return out;
  }

  public static String of(Map<String, String> parts) {
    return sha(parts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")))
        .substring(0, 16);
  }

  public static String sha(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
