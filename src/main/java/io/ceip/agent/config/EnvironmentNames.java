package io.ceip.agent.config;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.camel.util.IOHelper;
import org.apache.camel.util.StringHelper;

/**
 * The environment variable a {@code {{env:NAME}}} placeholder reads, found the way Camel's {@code env} function finds
 * it ({@link IOHelper#lookupEnvironmentVariable}, Camel 4.18), but in a given environment: {@code NAME} in upper case,
 * then in upper case with {@code -} and {@code .} as {@code _}, then its camel case as words
 * ({@code productDb} as {@code PRODUCT_DB}). A variable named as written in lower case ({@code edition}) is never
 * read, so the check and Camel agree: what one finds, the other resolves.
 */
final class EnvironmentNames {

    private EnvironmentNames() {
    }

    /** The name of the variable Camel reads for {@code {{env:name}}} in {@code environment}, empty when none is set. */
    static Optional<String> lookup(String name, Map<String, String> environment) {
        return candidates(name).filter(environment::containsKey).findFirst();
    }

    /** The variable to set for {@code {{env:name}}}: upper case, {@code -} and {@code .} as {@code _}. */
    static String expected(String name) {
        return IOHelper.normalizeEnvironmentVariable(name);
    }

    /** The names Camel tries for {@code {{env:name}}}: two placeholders read one variable when these meet. */
    static java.util.Set<String> names(String name) {
        return candidates(name).collect(java.util.stream.Collectors.toSet());
    }

    /** The names Camel tries, in its order (upper case as Camel does it, in the default locale). */
    private static Stream<String> candidates(String name) {
        String upper = name.toUpperCase(java.util.Locale.getDefault());
        return Stream.of(upper, IOHelper.normalizeEnvironmentVariable(upper),
                IOHelper.normalizeEnvironmentVariable(StringHelper.camelCaseToDash(name)));
    }
}
