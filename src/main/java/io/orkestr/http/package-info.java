/**
 * Reading HTTP/1.1 responses from a socket: lines and chunked bodies, on the JDK alone. Both orkestr's
 * own HTTP clients use it: the Docker transport (docker/engine) and the daemon's thin client (app),
 * which ships in a jar of its own and must load nothing else. Imports nothing of orkestr's.
 */
package io.orkestr.http;
