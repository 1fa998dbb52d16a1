package dev.lamina.service.core;

import dev.lamina.protocol.FunctionArn;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function as a request names it: {@code name}, {@code name:qualifier}, a full ARN or
 * {@code account:function:name[:qualifier]} (§6.2), plus the {@code Qualifier} query parameter.
 *
 * @param name      the function name
 * @param qualifier {@code $LATEST}, a version or an alias; null when none was given
 * @param foreign   true when an ARN named another region or account than this Lamina's
 */
public record FunctionRef(String name, String qualifier, boolean foreign) {

    public static final String LATEST = "$LATEST";
    static final String NAME_PATTERN = "[a-zA-Z0-9-_]+";
    private static final Pattern PLAIN = Pattern.compile("(" + NAME_PATTERN + ")(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");
    private static final Pattern PARTIAL =
            Pattern.compile("(\\d{12}):function:(" + NAME_PATTERN + ")(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");

    /**
     * Parses the FunctionName of a request.
     *
     * @throws LaminaException InvalidParameterValueException when the text is no function name, or when the
     *                         qualifier in the name differs from {@code qualifierParam}
     */
    public static FunctionRef parse(String text, String qualifierParam, String region, String account) {
        FunctionRef ref = parseName(text, region, account)
                .orElseThrow(() -> LaminaException.constraint(text, "functionName",
                        "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?"
                                + "([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)"
                                + "(:(\\$LATEST|[a-zA-Z0-9-_]+))?"));
        if (ref.name.length() > 64) {
            throw LaminaException.constraint(ref.name, "functionName", "Member must have length less than or equal to 64");
        }
        if (qualifierParam != null && !qualifierParam.isEmpty()) {
            if (ref.qualifier != null && !ref.qualifier.equals(qualifierParam)) {
                throw LaminaException.invalidParameter(
                        "The derived qualifier from the function name does not match the specified qualifier.");
            }
            return new FunctionRef(ref.name, qualifierParam, ref.foreign);
        }
        return ref;
    }

    private static Optional<FunctionRef> parseName(String text, String region, String account) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<FunctionArn> arn = FunctionArn.parse(text);
        if (arn.isPresent()) {
            FunctionArn a = arn.get();
            boolean foreign = !a.region().equals(region) || !a.account().equals(account);
            return Optional.of(new FunctionRef(a.name(), a.qualifier(), foreign));
        }
        Matcher partial = PARTIAL.matcher(text);
        if (partial.matches()) {
            return Optional.of(new FunctionRef(partial.group(2), partial.group(3), !partial.group(1).equals(account)));
        }
        Matcher plain = PLAIN.matcher(text);
        if (plain.matches()) {
            return Optional.of(new FunctionRef(plain.group(1), plain.group(2), false));
        }
        return Optional.empty();
    }

    /** True for an unqualified reference or {@code $LATEST}, the only version Lamina has for now. */
    public boolean isLatest() {
        return qualifier == null || LATEST.equals(qualifier);
    }

    public FunctionRef {
        Objects.requireNonNull(name);
    }
}
