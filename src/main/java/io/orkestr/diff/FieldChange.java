package io.orkestr.diff;

import java.util.Objects;

/** FieldChange is one field's value before and after, already in words ("256 MiB"). Never holds a secret. */
public record FieldChange(Field field, String before, String after) {
  public FieldChange {
    Objects.requireNonNull(field);
    Objects.requireNonNull(before);
    Objects.requireNonNull(after);
  }

  /** A change whose old and new values are not shown (a command, a health check). */
  public static FieldChange changed(Field field) {
    return new FieldChange(field, "", "");
  }

  /** "memory 256 MiB -> 1 GiB", "env: +DATABASE_URL", "command changed". */
  @Override
  public String toString() {
    if (before.isEmpty() && after.isEmpty()) return field.label() + " changed";
    if (before.isEmpty()) return field.label() + ": " + after;
    return field.label() + " " + before + " -> " + after;
  }
}
