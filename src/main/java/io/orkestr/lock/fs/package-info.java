/** FileApplyLock: an OS file lock under $ORKESTR_HOME/locks. Only app/ imports it. */
package io.orkestr.lock.fs;
