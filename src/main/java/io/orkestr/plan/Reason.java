package io.orkestr.plan;

import java.util.Objects;

/** Reason explains a change to the user ("memory 256 MiB -> 1 GiB"). Apply never decides anything from it. */
public record Reason(String text) {
  public Reason {
    Objects.requireNonNull(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
