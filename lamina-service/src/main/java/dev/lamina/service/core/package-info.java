/**
 * The control plane's core: {@link dev.lamina.service.core.FunctionService} takes command records
 * ({@link dev.lamina.service.core.CreateFunction}, {@link dev.lamina.service.core.UpdateFunctionCode}, ...) and returns
 * wire records or throws one typed {@link dev.lamina.service.core.LaminaException}; no Netty type appears here. It
 * validates every command completely before it changes the registry, and maps stored
 * {@link dev.lamina.service.core.FunctionRecord}s to Lambda's shapes.
 */
package dev.lamina.service.core;
