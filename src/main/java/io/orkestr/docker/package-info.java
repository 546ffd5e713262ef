/**
 * DockerPort, the one small interface through which orkestr talks to Docker, and the records it
 * exchanges. Implemented by docker.engine (docker-java) and by an in-memory fake in tests.
 * Imports desired and actual only.
 */
package io.orkestr.docker;
