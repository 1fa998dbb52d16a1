package dev.lamina.service.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A layer ARN, {@code arn:<partition>:lambda:<region>:<account>:layer:<name>[:<version>]} (§6.4).
 *
 * @param version the layer version; null for the layer itself
 */
public record LayerArn(String partition, String region, String account, String name, Long version) {

    static final String NAME_PATTERN = "[a-zA-Z0-9-_]+";
    private static final Pattern ARN = Pattern.compile(
            "arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\\d{12}):layer:(" + NAME_PATTERN + ")(?::([0-9]{1,18}))?");

    public static LayerArn of(Identity identity, String name, Long version) {
        return new LayerArn("aws", identity.region(), identity.accountId(), name, version);
    }

    /** Parses a layer or layer version ARN; empty when the text is not one. */
    public static Optional<LayerArn> parse(String text) {
        Matcher m = text == null ? null : ARN.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LayerArn(m.group(1), m.group(2), m.group(3), m.group(4),
                m.group(5) == null ? null : Long.parseLong(m.group(5))));
    }

    /** True when the ARN names a layer of another region or account than {@code identity}'s. */
    public boolean foreignTo(Identity identity) {
        return !region.equals(identity.region()) || !account.equals(identity.accountId());
    }

    public LayerArn unversioned() {
        return new LayerArn(partition, region, account, name, null);
    }

    @Override
    public String toString() {
        String base = "arn:" + partition + ":lambda:" + region + ":" + account + ":layer:" + name;
        return version == null ? base : base + ":" + version;
    }
}
