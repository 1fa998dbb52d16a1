/**
 * The control plane's core: {@link dev.lamina.service.core.FunctionService} and
 * {@link dev.lamina.service.core.LayerService} take command records ({@link dev.lamina.service.core.Commands},
 * {@link dev.lamina.service.core.LayerCommands}) and return wire records or throw one typed
 * {@link dev.lamina.service.core.LaminaException}; no Netty type appears here. They validate every command completely
 * before they change the registry, and map stored {@link dev.lamina.service.core.FunctionRecord}s and
 * {@link dev.lamina.service.core.LayerVersionRecord}s to Lambda's shapes.
 *
 * <p>Layers: a function stores its layers as {@link dev.lamina.service.core.AttachedLayer}s, each with its own copy of
 * the layer content's key and sizes, so deleting a layer version (which removes only its registry entry) never breaks
 * a function that uses it, as on Lambda. Layer content is never garbage-collected for now.
 *
 * <p>Reserved concurrency: {@link dev.lamina.service.core.ConcurrencyService} serves Put/Get/DeleteFunctionConcurrency
 * ({@link dev.lamina.service.core.ConcurrencyCommands}); {@link dev.lamina.service.core.Reservations} keeps the
 * reservations in the {@link dev.lamina.service.core.ConcurrencyRegistry} and in memory, where the environment pool
 * reads them on every admission.
 */
package dev.lamina.service.core;
