package dev.lamina.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function ARN, {@code arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]}.
 *
 * @param qualifier a version, alias or {@code $LATEST}; null when unqualified
 */
public record FunctionArn(String partition, String region, String account, String name, String qualifier) {

    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-zA-Z-]*):lambda:([a-z0-9-]+):(\\d{12}):function:([a-zA-Z0-9-_]+)(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");

    public static FunctionArn of(String region, String account, String name) {
        return new FunctionArn("aws", region, account, name, null);
    }

    /** Parses a full function ARN; empty when the text is not one. */
    public static Optional<FunctionArn> parse(String text) {
        Matcher m = ARN.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new FunctionArn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
    }

    public FunctionArn withQualifier(String q) {
        return new FunctionArn(partition, region, account, name, q);
    }

    public FunctionArn unqualified() {
        return withQualifier(null);
    }

    @Override
    public String toString() {
        String base = "arn:" + partition + ":lambda:" + region + ":" + account + ":function:" + name;
        return qualifier == null ? base : base + ":" + qualifier;
    }
}
