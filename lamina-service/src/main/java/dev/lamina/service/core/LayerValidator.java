package dev.lamina.service.core;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Lambda's rules for layer requests (§6.4). Each check throws a {@link LaminaException} naming the value. */
final class LayerValidator {

    /** ListLayers' and ListLayerVersions' default and largest page. */
    static final int PAGE_SIZE = 50;
    static final String NAME_CONSTRAINT = "Member must satisfy regular expression pattern: "
            + "(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+";
    private static final Pattern NAME = Pattern.compile(LayerArn.NAME_PATTERN);
    private static final List<String> ARCHITECTURES = List.of("x86_64", "arm64");
    /**
     * Lambda's {@code Runtime} enum. Layers may name runtimes Lamina cannot run (a layer is only files), so this is
     * Lambda's list, not Lamina's runtime catalogue.
     */
    static final Set<String> LAMBDA_RUNTIMES = Set.of("nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10",
            "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x",
            "nodejs24.x", "nodejs4.3-edge", "java8", "java8.al2", "java11", "java17", "java21", "java25", "python2.7",
            "python3.6", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11", "python3.12",
            "python3.13", "python3.14", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6",
            "dotnet8", "dotnet10", "go1.x", "ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4", "provided",
            "provided.al2", "provided.al2023");

    private LayerValidator() {}

    /** The {@code {LayerName}} of a request, a name or an unversioned layer ARN, as an unversioned ARN. */
    static LayerArn layerName(String text, Identity identity) {
        if (text == null || text.isEmpty()) {
            throw LaminaException.constraint(text, "layerName", "Member must have length greater than or equal to 1");
        }
        LayerArn arn;
        if (NAME.matcher(text).matches()) {
            arn = LayerArn.of(identity, text, null);
        } else {
            arn = LayerArn.parse(text).filter(a -> a.version() == null)
                    .orElseThrow(() -> LaminaException.constraint(text, "layerName", NAME_CONSTRAINT));
        }
        if (arn.name().length() > 64) {
            throw LaminaException.constraint(text, "layerName", "Member must have length less than or equal to 64");
        }
        return arn;
    }

    static long versionNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw LaminaException.constraint(text, "versionNumber", "Member must be a number");
        }
    }

    static String description(String description) {
        String d = description == null ? "" : description;
        if (d.length() > 256) {
            throw LaminaException.constraint(d, "description", "Member must have length less than or equal to 256");
        }
        return d;
    }

    static String licenseInfo(String licenseInfo) {
        if (licenseInfo != null && licenseInfo.length() > 512) {
            throw LaminaException.constraint(licenseInfo, "licenseInfo",
                    "Member must have length less than or equal to 512");
        }
        return licenseInfo;
    }

    static List<String> compatibleRuntimes(List<String> runtimes) {
        if (runtimes == null) {
            return List.of();
        }
        if (runtimes.size() > 15) {
            throw LaminaException.constraint(runtimes, "compatibleRuntimes",
                    "Member must have length less than or equal to 15");
        }
        for (String r : runtimes) {
            compatibleRuntime(r, "compatibleRuntimes");
        }
        return List.copyOf(runtimes);
    }

    static List<String> compatibleArchitectures(List<String> architectures) {
        if (architectures == null) {
            return List.of();
        }
        if (architectures.size() > 2) {
            throw LaminaException.constraint(architectures, "compatibleArchitectures",
                    "Member must have length less than or equal to 2");
        }
        for (String a : architectures) {
            compatibleArchitecture(a, "compatibleArchitectures");
        }
        return List.copyOf(architectures);
    }

    /** A runtime filter or list member; null stays null. */
    static String compatibleRuntime(String runtime, String member) {
        if (runtime != null && !LAMBDA_RUNTIMES.contains(runtime)) {
            throw LaminaException.constraint(runtime, member,
                    "Member must satisfy enum value set: " + new java.util.TreeSet<>(LAMBDA_RUNTIMES));
        }
        return runtime;
    }

    /** An architecture filter or list member; null stays null. */
    static String compatibleArchitecture(String architecture, String member) {
        if (architecture != null && !ARCHITECTURES.contains(architecture)) {
            throw LaminaException.constraint(architecture, member, "Member must satisfy enum value set: [x86_64, arm64]");
        }
        return architecture;
    }

    /** The page size of a list request: {@code MaxItems} 1–50, 50 when absent. */
    static int maxItems(String text) {
        if (text == null || text.isEmpty()) {
            return PAGE_SIZE;
        }
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw LaminaException.constraint(text, "maxItems", "Member must be an integer");
        }
        if (n < 1 || n > PAGE_SIZE) {
            throw LaminaException.constraint(n, "maxItems", n < 1 ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to 50");
        }
        return n;
    }

    /** Refuses S3 content, which Lamina does not support, and a missing {@code ZipFile}. */
    static void zipOnly(String s3Bucket, String s3Key, String s3ObjectVersion, String zipFile) {
        if (s3Bucket != null || s3Key != null || s3ObjectVersion != null) {
            throw LaminaException.invalidParameter(
                    "Lamina does not support S3 layer content (S3Bucket, S3Key, S3ObjectVersion); upload the zip as ZipFile.");
        }
        if (zipFile == null) {
            throw LaminaException.invalidParameter("Please provide a source for layer content: ZipFile is required.");
        }
    }
}
