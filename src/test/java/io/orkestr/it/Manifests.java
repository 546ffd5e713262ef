package io.orkestr.it;

import io.orkestr.Fixtures;

/** Manifests the integration tests share, built like the unit tests' (Fixtures.project). */
final class Manifests {
  static final String DB = "{name: db, type: postgres, version: \"15\"}";
  static final String CACHE = "{name: cache, type: redis, version: \"7\"}";

  private Manifests() {}

  /** One project on the pro plan with a Postgres 15 "db" and a Redis 7 "cache". */
  static String dbAndCache(String project) {
    return Fixtures.project(project, "pro", DB, CACHE);
  }
}
