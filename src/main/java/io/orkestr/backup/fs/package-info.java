/** FileSystemBackupStore: backups as owner-only files under $ORKESTR_HOME/backups. Only app/ imports it. */
package io.orkestr.backup.fs;
