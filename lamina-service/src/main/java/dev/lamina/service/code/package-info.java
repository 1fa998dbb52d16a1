/**
 * The content-addressed code store: deployment and layer zips kept under {@code <dataDir>/code/sha256/<hex>.zip}
 * and extracted once per hash into {@code <dataDir>/code/extracted/<hex>/}; merged layers (a function's {@code /opt})
 * built once per ordered list of layer hashes into {@code <dataDir>/code/opt/<sha256 of the list>/} by
 * {@link dev.lamina.service.code.LayerMerger}. Extraction is hostile-input safe: entries
 * that would escape the target, corrupt zips, zip bombs (real inflated bytes are counted) and zips with too many
 * entries are refused with nothing left behind. {@link dev.lamina.service.code.ZipCentralDirectory} reads the Unix
 * permission bits that {@code java.util.zip} does not expose, so an executable {@code bootstrap} stays executable.
 */
package dev.lamina.service.code;
