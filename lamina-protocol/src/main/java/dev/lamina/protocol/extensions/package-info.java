/** Wire records and constants of the Extensions API (contract §2), serialised compactly by Jackson. */
package dev.lamina.protocol.extensions;
