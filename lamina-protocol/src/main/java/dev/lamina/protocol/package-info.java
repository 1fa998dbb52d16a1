/**
 * Wire types and constants shared by every Lamina API: the {@link dev.lamina.protocol.ErrorType} catalogue and
 * value types such as {@link dev.lamina.protocol.FunctionArn}. No I/O lives in this module.
 */
package dev.lamina.protocol;
