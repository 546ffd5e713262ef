/** Events: what the control plane did and saw, numbered, kept for clients that reconnect and across restarts. */
package io.orkestr.events;
