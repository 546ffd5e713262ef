package io.orkestr.plan;

/** PlanOptions: whether data volumes of removed add-ons are deleted too (--purge-data). */
public record PlanOptions(boolean purgeData) {
  public static final PlanOptions DEFAULT = new PlanOptions(false);
}
