package io.orkestr.desired;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders stand for an add-on's credentials in desired specs, e.g.
 * {@code {{secret:shop/addon/db:password}}} (the app's) or {@code {{secret:shop/addon/db:admin-password}}}
 * (orkestr's own), so that plans (and saved plan files) never hold a secret. A {@code -sha256}
 * suffix stands for the password's SHA-256 in hex (Redis ACL rules take it instead of the password).
 * Apply resolves them; renderers print any value holding one as (sensitive).
 */
public final class Placeholders {
  public static final Pattern PATTERN = Pattern.compile("\\{\\{secret:([^:}]+):(password|admin-password)(-sha256)?\\}\\}");
  public static final String APP = "password";
  public static final String ADMIN = "admin-password";

  private Placeholders() {}

  /** The app's password. */
  public static String password(ResourceKey addon) {
    return "{{secret:" + addon + ":" + APP + "}}";
  }

  /** orkestr's own administrative password for the add-on. */
  public static String adminPassword(ResourceKey addon) {
    return "{{secret:" + addon + ":" + ADMIN + "}}";
  }

  /** The SHA-256 (hex) of a password placeholder. */
  public static String sha256(String placeholder) {
    return placeholder.replace("}}", "-sha256}}");
  }

  public static boolean isSensitive(String value) {
    return value != null && value.contains("{{secret:");
  }

  /** The add-on keys a value refers to. */
  public static java.util.Set<ResourceKey> referencedAddons(String value) {
    java.util.Set<ResourceKey> out = new java.util.TreeSet<>();
    Matcher m = PATTERN.matcher(value);
    while (m.find()) out.add(ResourceKey.parse(m.group(1)));
    return out;
  }
}
