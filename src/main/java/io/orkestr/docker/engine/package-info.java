/**
 * DockerJavaAdapter: DockerPort over docker-java with its zerodep transport, plus the translation of
 * Docker's failures into one-line user errors. Only app/ imports it.
 */
package io.orkestr.docker.engine;
