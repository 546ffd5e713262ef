/** FileLiveUpdateLog: the live-update record as a file under $ORKESTR_HOME. Only app/ imports it. */
package io.orkestr.state.fs;
