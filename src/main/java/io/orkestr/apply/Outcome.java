package io.orkestr.apply;

/** Outcome of one change in an apply. */
public enum Outcome {
  DONE,
  FAILED,
  SKIPPED
}
