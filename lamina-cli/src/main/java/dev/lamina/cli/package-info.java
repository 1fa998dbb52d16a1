/** The {@code lamina} command line: {@code serve} starts the platform, {@code invoke} calls a function on it. */
package dev.lamina.cli;
