package io.ceip.agent.config;

import io.ceip.agent.util.OneLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholder functions a value may call: {@code {{env:NAME}}} and {@code {{sys:NAME}}} only. Camel's properties
 * component knows more ({@code service:}, {@code service.host:}, {@code service.port:}, {@code boolean:}, and
 * {@code bean:} from camel-bean on the class path, which calls a method of any bean in the registry), and would call
 * them from a configuration file's, the environment's, a system property's or an override's text:
 * {@code ceip.product.name={{bean:someBean.someMethod}}} ran that method at start. Such a value stops the start in one
 * line naming the key and where, before Camel resolves a value; the agent's properties component is given no function
 * but these two besides (a function's name built by another placeholder is then a key like any other).
 */
public final class PlaceholderFunctions {

    /** The functions a value may call. */
    public static final Set<String> READ = Set.of("env", "sys");
    /** Camel's own functions (camel-base); others come with a jar, found as {@link #SERVICE} files. */
    private static final Set<String> CAMELS = Set.of("service", "service.host", "service.port", "boolean");
    /** Where a jar declares a function of its own (camel-bean's {@code bean}). */
    private static final String SERVICE = "META-INF/services/org/apache/camel/properties-function/";
    /** A placeholder's name up to its colon, an optional placeholder's {@code ?} left out, as Camel reads it. */
    private static final Pattern FUNCTION = Pattern.compile("\\{\\{\\??\\s*([^{}:]*?)\\s*:");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private PlaceholderFunctions() {
    }

    /** The first function {@code value} calls that is neither {@code env} nor {@code sys}, if any. */
    public static Optional<String> refused(String value) {
        Matcher placeholder = FUNCTION.matcher(value);
        while (placeholder.find()) {
            String name = placeholder.group(1);
            if (!READ.contains(name) && NAME.matcher(name).matches() && (CAMELS.contains(name)
                    || PlaceholderFunctions.class.getClassLoader().getResource(SERVICE + name) != null)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The line that refuses {@code key}'s value, set at {@code where}, for calling {@code function}. */
    static String problem(String where, String key, String function) {
        return where + ": " + OneLine.of(key, 120) + " calls Camel's placeholder function " + function + ": ({{"
                + function + ":…}}); a value may read {{env:NAME}} and {{sys:NAME}} only";
    }

    /** One line for each entry of {@code text} (any key: Camel resolves its own and the routes' too) refused. */
    public static List<String> inFile(ConfigurationText text) {
        List<String> problems = new ArrayList<>();
        PropertyLines.parse(text.text()).forEach(entry -> refused(entry.value()).ifPresent(function -> problems.add(
                problem(text.file() + ":" + entry.line(), entry.key(), function))));
        return problems;
    }

    /**
     * The first value refused, in the order Camel reads them: the settings' environment variables, the {@code ceip.*}
     * system properties, the overrides, then the file.
     */
    public static Optional<String> firstProblem(SettingCatalog catalog, Optional<ConfigurationText> file,
            Map<String, String> environment, Map<String, String> system, Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        catalog.all().stream().filter(definition -> environment.containsKey(definition.environmentVariable()))
                .forEach(definition -> refused(environment.get(definition.environmentVariable())).ifPresent(
                        function -> problems.add(problem("environment variable " + definition.environmentVariable(),
                                definition.key(), function))));
        system.forEach((key, value) -> refused(value).ifPresent(function -> problems.add(
                problem("system property " + OneLine.of(key, 120), key, function))));
        overrides.forEach((key, value) -> refused(value).ifPresent(function -> problems.add(
                problem("override", key, function))));
        file.ifPresent(text -> problems.addAll(inFile(text)));
        return problems.stream().findFirst();
    }
}
