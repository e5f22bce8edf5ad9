package io.ceip.agent.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting's placeholder that Camel's properties component cannot resolve: a loop between settings, or a key nothing
 * sets. Its message names keys only (never a value, nor the text as written), so it is shown for every setting, a
 * secret's too.
 */
public final class UnresolvedPlaceholderException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    /** The first key Camel's message names: {@code ... with key [ceip.product.name] ...}. */
    private static final Pattern KEY = Pattern.compile("key \\[([^\\]\\s]{1,200})\\]");

    /** The placeholder's key Camel named: {@code env:NAME} for an environment variable. */
    private final String named;

    private UnresolvedPlaceholderException(String message, String named) {
        super(message, null);
        this.named = named;
    }

    /**
     * Whether {@code failure} only repeats a line of {@code problems}: its placeholder is an environment variable a
     * configuration file's line already names as not set (every setting whose value leads to it failed too, and a
     * start refused "(and 4 more)" for one more problem).
     */
    public static boolean repeats(RuntimeException failure, List<String> problems) {
        if (!(failure instanceof UnresolvedPlaceholderException unresolved) || !unresolved.named.startsWith("env:")) {
            return false;
        }
        String variable = "environment variable " + EnvironmentNames.expected(unresolved.named.substring(4));
        return problems.stream().anyMatch(line -> line.contains(variable + ",") || line.contains(variable + " ("));
    }

    /** The reason, in words, from Camel's own message for a placeholder it could not resolve. */
    public static UnresolvedPlaceholderException of(String camelMessage) {
        String message = String.valueOf(camelMessage);
        Matcher key = KEY.matcher(message);
        String named = key.find() ? key.group(1) : "?";
        if (message.startsWith("Circular reference")) {
            return new UnresolvedPlaceholderException("a placeholder loop through " + named, named);
        }
        if (message.startsWith("Property with key [") && message.contains("not found")) {
            return new UnresolvedPlaceholderException("its placeholder names " + named + ", which nothing sets", named);
        }
        return new UnresolvedPlaceholderException("its placeholder " + named + " has no value", named);
    }
}
