package io.orkestr.desired;

/**
 * Access says what apps may do in an add-on. RESTRICTED: Postgres's app role owns its database but
 * is no superuser and cannot create roles, replicate or run programs; Redis's app user has no
 * administrative or dangerous command. SUPERUSER: the manifest opted in ({@code superuser: true}).
 */
public enum Access {
  RESTRICTED("restricted"),
  SUPERUSER("superuser");

  private final String word;

  Access(String word) {
    this.word = word;
  }

  /** The label value. */
  public String word() {
    return word;
  }

  public static Access of(String word) {
    for (Access a : values()) if (a.word.equals(word)) return a;
    throw new IllegalArgumentException("unknown access " + word);
  }
}
