package io.orkestr.diff;

/** Field is a part of a resource that can differ; live fields change without replacing the container. */
public enum Field {
  IMAGE("image", false),
  VERSION("version", false),
  COMMAND("command", false),
  ENV("env", false),
  NETWORKS("networks", false),
  MOUNTS("volumes", false),
  PORTS("ports", false),
  HEALTHCHECK("health check", false),
  CONFIG("configuration", false),
  /** Engine settings only a restart applies (Postgres's shared memory and connection slots). */
  RESTART_SETTINGS("settings (restart)", false),
  /** What apps may do: a superuser, or a restricted role (changed live: roles and ACL users). */
  ACCESS("access", true),
  /** Files orkestr writes into the container before it starts (init script, config file). */
  FILES("orkestr's files", false),
  /** Engine settings orkestr applies live (Postgres for new connections, Redis with CONFIG SET). */
  SETTINGS("settings", true),
  CPU("cpu", true),
  MEMORY("memory", true),
  STATE("state", true),
  /**
   * A container created but never started: an apply killed between its creation and its start may have
   * left it without the files written into it after creation, so it is made again rather than started.
   */
  NEVER_STARTED("container", false),
  CONNECTIONS("network connections", true),
  NAME("name", true),
  DUPLICATES("duplicates", true),
  /** A volume's size-limited disk: not mounted (after a reboot), or smaller than the plan's storage asks (grown live). */
  DISK("disk", true),
  /**
   * Whether apps may write: an add-on whose storage, as last measured, is over its plan's storage but
   * still writable, or back under it but still read-only (orkestr's switch in the engine, changed live).
   */
  WRITES("apps", true),
  /** A Postgres data volume holds another major version's data: no container may open it. */
  DATA_MAJOR("major upgrade", false);

  private final String label;
  private final boolean live;

  Field(String label, boolean live) {
    this.label = label;
    this.live = live;
  }

  public String label() {
    return label;
  }

  /** Whether Docker can make this change on the running container (update, start, connect). */
  public boolean isLive() {
    return live;
  }
}
