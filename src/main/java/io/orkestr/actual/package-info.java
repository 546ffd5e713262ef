/**
 * What Docker runs, as it reported it: observed containers, networks and volumes, read with a few
 * label-filtered list calls. Pure records; imports desired (for keys, labels, limits) and error.
 */
package io.orkestr.actual;
