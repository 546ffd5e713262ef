/** FileCredentialStore: credentials as owner-only files under $ORKESTR_HOME. Only app/ imports it. */
package io.orkestr.credential.fs;
