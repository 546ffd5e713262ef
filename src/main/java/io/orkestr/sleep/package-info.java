/**
 * Idle sleep: IdlePolicy (pure: when was an add-on last used, and should it be awake, frozen or
 * stopped), Activity (one probe of its use), the Diversions port (its clients' new connections sent
 * to orkestr's waker while it sleeps) and SleepService (freeze, stop, wake). Imports docker, desired,
 * actual, apply (readiness, secrets), state and error; sleep.iptables implements the port, and only
 * app/ imports it. The waker itself (a TCP listener) is the daemon's.
 */
package io.orkestr.sleep;
