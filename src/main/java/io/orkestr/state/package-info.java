/** Small records orkestr keeps beside Docker's state, behind ports: which containers had their limits changed live. */
package io.orkestr.state;
