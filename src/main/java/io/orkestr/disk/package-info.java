/**
 * Size-limited file systems on the engine's host for add-on data that must not grow past its plan
 * (Postgres's tablespace): an ext4 image file per volume, loop-mounted by orkestr, bound into a
 * Docker volume. The port keeps the host's tools out of the core; {@link io.orkestr.disk.LoopDisks}
 * is the real one.
 */
package io.orkestr.disk;
