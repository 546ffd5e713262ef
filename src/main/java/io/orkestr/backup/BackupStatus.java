package io.orkestr.backup;

/** BackupStatus: a backup that succeeded can be restored; one that failed never is. */
public enum BackupStatus {
  SUCCEEDED("succeeded"),
  FAILED("failed");

  private final String word;

  BackupStatus(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static BackupStatus of(String word) {
    for (BackupStatus s : values()) if (s.word.equals(word)) return s;
    throw new IllegalArgumentException("unknown backup status " + word);
  }
}
