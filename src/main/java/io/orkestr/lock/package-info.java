/** ApplyLock: at most one apply per manifest at a time, across processes. Imports error only. */
package io.orkestr.lock;
