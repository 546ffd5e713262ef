package io.orkestr.desired;

/**
 * Labels are the keys orkestr puts on everything it creates. Actual state is read by filtering on
 * {@link #MANAGED}, so orkestr never touches what it did not create. Values are never secret.
 */
public final class Labels {
  /** "true" on every managed container, network and volume. */
  public static final String MANAGED = "orkestr.managed";
  /** The manifest that owns the resource (its name:, or its directory's name). */
  public static final String MANIFEST = "orkestr.manifest";
  public static final String PROJECT = "orkestr.project";
  /** The ResourceKey, e.g. shop/addon/db. */
  public static final String KEY = "orkestr.key";
  /** Hash of the normalised desired spec, limits excepted; a different hash means replace. */
  public static final String CONFIG_HASH = "orkestr.config-hash";
  /** Per-part hashes (image, command, env, ...), so a plan can say which part changed. */
  public static final String PART_HASHES = "orkestr.part-hashes";
  /** The image reference the container was created from (Docker's list shows an id once the tag moves). */
  public static final String IMAGE = "orkestr.image";
  /** Names (never values) of the container's environment variables. */
  public static final String ENV_NAMES = "orkestr.env-names";
  /** CPU (NanoCpus) and memory (bytes) the container was created with; live updates are read by inspect. */
  public static final String CPU = "orkestr.cpu";
  public static final String MEMORY = "orkestr.memory";
  /** Engine and version of an add-on container ("postgres", "15.18"). */
  public static final String ENGINE = "orkestr.engine";
  public static final String ENGINE_VERSION = "orkestr.engine-version";
  /** An add-on's engine settings when it was created, "k=v,..." (live changes since are in the live-update log). */
  public static final String SETTINGS = "orkestr.settings";
  /** What apps may do in an add-on: "restricted" or "superuser"; absent on add-ons made before orkestr kept its own role. */
  public static final String ACCESS = "orkestr.access";
  /** On a data volume: the major version whose data it holds. A Postgres volume is never opened by another major. */
  public static final String DATA_MAJOR = "orkestr.data-major";
  /** On a volume that binds a size-limited disk on the engine's host (see DiskPlacement). */
  public static final String DISK = "orkestr.disk";

  private Labels() {}
}
