/**
 * The function and layer registries on an embedded H2 file database ({@code <dataDir>/registry}), through plain JDBC.
 * {@link dev.lamina.service.registry.MigrationRunner} applies the ordered SQL migrations listed in
 * {@code db/migration/index.txt} in one transaction on start and records them in {@code schema_version}.
 */
package dev.lamina.service.registry;
