package io.orkestr.manifest;

import java.util.List;

/** Engine is an add-on type orkestr manages, with the major versions it supports and the newest, its default. */
public enum Engine {
  POSTGRES("postgres", List.of(13, 14, 15, 16, 17), 5432),
  REDIS("redis", List.of(6, 7, 8), 6379);

  private final String id;
  private final List<Integer> majors;
  private final int port;

  Engine(String id, List<Integer> majors, int port) {
    this.id = id;
    this.majors = majors;
    this.port = port;
  }

  /** The manifest's spelling, also the official image's repository name. */
  public String id() {
    return id;
  }

  public List<Integer> supportedMajors() {
    return majors;
  }

  public String newestVersion() {
    return String.valueOf(majors.get(majors.size() - 1));
  }

  public int port() {
    return port;
  }

  public static Engine of(String id) {
    for (Engine e : values()) if (e.id.equals(id)) return e;
    throw new IllegalArgumentException("unknown add-on type " + id);
  }
}
