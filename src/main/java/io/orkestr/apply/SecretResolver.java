package io.orkestr.apply;

import io.orkestr.credential.CredentialStore;
import io.orkestr.desired.Placeholders;
import io.orkestr.desired.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * SecretResolver replaces credential placeholders with the stored (or newly generated) passwords,
 * and remembers what it handed out so that mask() can scrub it from any text bound for the user.
 */
public final class SecretResolver {
  private final CredentialStore credentials;
  private final java.util.Set<String> handedOut = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public SecretResolver(CredentialStore credentials) {
    this.credentials = credentials;
  }

  public String resolve(String value) {
    if (!Placeholders.isSensitive(value)) return value;
    Matcher m = Placeholders.PATTERN.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String secret = credentials.getOrCreate(ResourceKey.parse(m.group(1)), m.group(2)).value();
      handedOut.add(secret);
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(3) == null ? secret : sha256(secret)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String sha256(String secret) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text with every secret this resolver handed out replaced by (sensitive). */
  public String mask(String text) {
    String out = text;
    for (String secret : handedOut) out = out.replace(secret, "(sensitive)");
    return out;
  }

  public List<String> resolve(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) out.add(resolve(v));
    return out;
  }

  public Map<String, String> resolve(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((k, v) -> out.put(k, resolve(v)));
    return out;
  }
}
