package io.orkestr.desired;

import java.util.Comparator;
import java.util.Objects;

/**
 * ResourceKey is the one address of a managed resource, used in plans, labels, logs, errors and
 * HTTP paths: {@code shop/addon/db}, {@code shop/network/private}, {@code analytics/group/network}.
 * Keys sort by owner, then kind (networks and volumes before containers), then name.
 */
public record ResourceKey(String owner, Kind kind, String name) implements Comparable<ResourceKey> {
  private static final Comparator<ResourceKey> ORDER = Comparator.comparing(ResourceKey::owner)
      .thenComparing(ResourceKey::kind).thenComparing(ResourceKey::name);

  /** The kinds of resource, in the order a plan lists them. */
  public enum Kind {
    NETWORK("network"),
    GROUP("group"),
    VOLUME("volume"),
    ADDON("addon"),
    APP("app");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    public boolean isContainer() {
      return this == ADDON || this == APP;
    }

    public boolean isNetwork() {
      return this == NETWORK || this == GROUP;
    }

    static Kind of(String word) {
      for (Kind k : values()) if (k.word.equals(word)) return k;
      throw new IllegalArgumentException("unknown resource kind " + word);
    }
  }

  public ResourceKey {
    Objects.requireNonNull(owner);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(name);
  }

  public static ResourceKey addon(String project, String name) {
    return new ResourceKey(project, Kind.ADDON, name);
  }

  public static ResourceKey app(String project, String name) {
    return new ResourceKey(project, Kind.APP, name);
  }

  public static ResourceKey volume(String project, String addon) {
    return new ResourceKey(project, Kind.VOLUME, addon);
  }

  public static ResourceKey network(String project, String name) {
    return new ResourceKey(project, Kind.NETWORK, name);
  }

  public static ResourceKey groupNetwork(String group) {
    return new ResourceKey(group, Kind.GROUP, "network");
  }

  /** Parses {@code shop/addon/db}. */
  public static ResourceKey parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 3) throw new IllegalArgumentException("not a resource key: " + text);
    return new ResourceKey(parts[0], Kind.of(parts[1]), parts[2]);
  }

  /** The project this resource belongs to, or empty for a group's network. */
  public String project() {
    return kind == Kind.GROUP ? "" : owner;
  }

  @Override
  public int compareTo(ResourceKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return owner + "/" + kind.word() + "/" + name;
  }
}
