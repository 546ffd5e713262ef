/**
 * Off-site copies of backups in an S3-compatible store, through the AWS SDK, encrypted to age
 * recipients on this machine before they leave it.
 */
package io.orkestr.backup.s3;
