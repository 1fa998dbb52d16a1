/**
 * Lamina's control plane: {@link dev.lamina.service.LaminaServer}, the composition root, built from
 * {@link dev.lamina.service.ServiceSettings}. It serves Lambda's REST API for functions and layers (wire-compatible with the AWS
 * CLI and SDKs), keeps functions and layer versions in an embedded H2 registry and their code in a content-addressed
 * store (which also builds each layer list's merged {@code /opt}), installs the
 * managed Java runtimes and dispatches invokes to execution environments made by the injected
 * {@link dev.lamina.environment.EnvironmentFactory}.
 */
package dev.lamina.service;
