package io.orkestr.control;

import io.orkestr.error.NotFoundError;
import io.orkestr.plan.Plan;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PlanStore keeps the plans made over the API until they are applied by id (Terraform's saved plan,
 * in memory): the last {@link #KEPT}; a restart forgets them, and a plan applied once is stale after.
 */
final class PlanStore {
  static final int KEPT = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A plan made over the API: from the watched manifest, or from one posted with the request. */
  record Stored(String id, Plan plan, boolean posted, Instant made) {}

  private final Map<String, Stored> plans = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
      return size() > KEPT;
    }
  };

  synchronized Stored add(Plan plan, boolean posted) {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    Stored s = new Stored(HexFormat.of().formatHex(id), plan, posted, Instant.now());
    plans.put(s.id(), s);
    return s;
  }

  synchronized Stored get(String id) {
    Stored s = plans.get(id);
    if (s == null) throw new NotFoundError("no plan " + id, "make one with POST /v1/plans (plans are kept in memory, the last " + KEPT + ")");
    return s;
  }
}
