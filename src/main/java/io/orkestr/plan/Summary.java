package io.orkestr.plan;

/** Summary counts a plan's changes the way Terraform does: a replace is one add and one destroy. */
public record Summary(int add, int change, int destroy) {
  @Override
  public String toString() {
    return "Plan: " + add + " to add, " + change + " to change, " + destroy + " to destroy.";
  }
}
