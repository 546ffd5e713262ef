package io.orkestr.desired;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders stand for an add-on's credentials in desired specs, e.g.
 * {@code {{secret:shop/addon/db:password}}}, so that plans (and saved plan files) never hold a secret.
 * Apply resolves them; renderers print any value holding one as (sensitive).
 */
public final class Placeholders {
  public static final Pattern PATTERN = Pattern.compile("\\{\\{secret:([^:}]+):(user|password|database)\\}\\}");

  private Placeholders() {}

  public static String password(ResourceKey addon) {
    return "{{secret:" + addon + ":password}}";
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
