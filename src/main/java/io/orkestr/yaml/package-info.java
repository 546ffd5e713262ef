/**
 * Reads a YAML file into a JSON tree that remembers where every key and value stood, and checks it
 * against a JSON Schema, reporting each problem as {@code file:line:column: path: message}.
 * Shared by the manifest and the plans file. Imports error only; no I/O (callers pass text).
 */
package io.orkestr.yaml;
