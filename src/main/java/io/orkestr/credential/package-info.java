/**
 * Add-on credentials: the Secret type (which never prints its value) and the CredentialStore port.
 * Passwords are generated once with SecureRandom and reused, so a recreated container opens the
 * existing data. Imports desired (for keys) only.
 */
package io.orkestr.credential;
