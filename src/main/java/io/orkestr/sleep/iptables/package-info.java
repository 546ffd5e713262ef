/** IptablesDiversions: sleeping add-ons' diversions as DNAT rules in the host's packet filter. Only app/ imports it. */
package io.orkestr.sleep.iptables;
