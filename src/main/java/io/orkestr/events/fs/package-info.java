/** FileEventLog: events as JSON lines in $ORKESTR_HOME/events.log, rotated by size. Only app/ imports it. */
package io.orkestr.events.fs;
