package dev.lamina.cli;

import picocli.CommandLine;

/** Prints the version recorded in the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"lamina " + (v != null ? v : "development build")};
    }
}
