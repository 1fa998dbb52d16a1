/** Wire constants and records of the Runtime API (contract §1). */
package dev.lamina.protocol.runtime;
