/**
 * The waker of sleeping add-ons (WakeProxy): Vert.x TCP listeners that hold a client's diverted
 * connection while its add-on wakes, then pipe it through. Imports control (the Wakers it serves),
 * sleep and desired; blocking work (the wake) never runs on the event loop.
 */
package io.orkestr.daemon.wake;
