/**
 * Function logs: every line an execution environment produces, kept per function (log group
 * {@code /aws/lambda/<name>}) and per environment (log stream), as append-only files under {@code <data>/logs}.
 * {@link dev.lamina.service.logs.FunctionLogStore} is the sink environments write to and what the logs endpoint reads.
 */
package dev.lamina.service.logs;
