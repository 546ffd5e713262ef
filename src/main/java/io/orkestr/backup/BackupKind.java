package io.orkestr.backup;

/** BackupKind says why a backup was taken; only manual ones count against a plan's per-day limit. */
public enum BackupKind {
  MANUAL("manual"),
  AUTOMATIC("automatic"),
  PRE_RESTORE("pre-restore"),
  PRE_UPGRADE("pre-upgrade");

  private final String word;

  BackupKind(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static BackupKind of(String word) {
    for (BackupKind k : values()) if (k.word.equals(word)) return k;
    throw new IllegalArgumentException("unknown backup kind " + word);
  }
}
