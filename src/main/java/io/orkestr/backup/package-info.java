/**
 * Backups: the records (BackupRecord), the rules that are plain data and pure functions (the
 * per-day limit, retention), the store port (BackupStore) and BackupService, which takes, restores
 * and verifies backups through DockerPort's streaming exec. Imports docker, desired, tier, manifest,
 * credential and error; backup.fs implements the store on a file system and only app/ imports it.
 */
package io.orkestr.backup;
