package io.ceip.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The production packages (and the embedded demo's, in its own source set) depend on each other one way only (no
 * import loop between two or more packages), the production sources never name the demo (it is found at run time,
 * when its jar is on the class path), and no production class is longer than {@value #MAX_LINES} lines. A package's
 * dependencies are the agent's classes it imports (or names by their full name outside comments). The map printed
 * here is the one in {@value #DESIGN}.
 */
class PackagesImportOneWayTest {

    static final Path SOURCES = Path.of("src/main/java");
    /** The embedded demo's source set: not in the production jar. */
    static final Path DEMO = Path.of("src/demo/java");
    static final String ROOT = "io.ceip.agent";
    static final int MAX_LINES = 250;
    static final Path DESIGN = Path.of("docs/design.md");

    private static final Pattern REFERENCE = Pattern.compile("\\b" + Pattern.quote(ROOT) + "((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void packagesImportEachOtherOneWay() {
        Map<String, Set<String>> dependencies = dependencies(SOURCES, DEMO);
        assertThat(dependencies).as("packages found under %s and %s", SOURCES, DEMO)
                .containsKeys("report", "delivery", "outbox", "demo");
        System.out.println("Package dependencies (" + ROOT + "):\n" + describe(dependencies));
        assertThat(cycles(dependencies)).as("import loops between packages").isEmpty();
    }

    @Test
    void theProductionSourcesNeverNameTheDemo() {
        Map<String, Set<String>> production = dependencies(SOURCES);
        assertThat(production.keySet()).as("packages under %s", SOURCES).noneMatch(pkg -> pkg.startsWith("demo"))
                .contains("(root)", "report");
        production.forEach((pkg, uses) -> assertThat(uses)
                .as("what %s (under %s) imports: the demo is found with ServiceLoader, never named", pkg, SOURCES)
                .noneMatch(used -> used.equals("demo") || used.startsWith("demo.")));
        assertThat(dependencies(DEMO)).as("the demo's packages under %s", DEMO).containsKeys("demo");
    }

    /**
     * The collector (io.ceip.collector, on the compile class path for the demo, which runs its single-node form) is
     * named by the demo only: a production source naming it would not run without the demo's jars.
     */
    @Test
    void theProductionSourcesNeverNameTheCollector() throws IOException {
        List<String> naming = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (withoutComments(Files.readString(file)).contains("io.ceip.collector")) {
                    naming.add(SOURCES.relativize(file).toString());
                }
            }
        }
        assertThat(naming).as("production sources naming io.ceip.collector").isEmpty();
        try (Stream<Path> files = Files.walk(DEMO)) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).as("the demo runs the collector").anyMatch(code -> code.contains("import io.ceip.collector."));
        }
    }

    @Test
    void theDesignShowsThePackagesAsTheyAre() throws IOException {
        assertThat(Files.readString(DESIGN)).as("the package map in %s (paste the block printed by"
                + " packagesImportEachOtherOneWay)", DESIGN).contains(describe(dependencies(SOURCES, DEMO)));
    }

    @Test
    void noProductionClassIsOversized() throws IOException {
        List<String> oversized = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                long lines = Files.readAllLines(file).size();
                if (lines > MAX_LINES) {
                    oversized.add(SOURCES.relativize(file) + " has " + lines + " lines");
                }
            }
        }
        assertThat(oversized).as("production classes over %d lines", MAX_LINES).isEmpty();
    }

    @Test
    void aLoopIsFoundAndNamed() {
        Map<String, Set<String>> loop = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(loop)).containsExactly("a -> b -> c -> a");
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of(), "d", Set.of("a", "b")))).isEmpty();
    }

    /**
     * Each package (relative to {@value #ROOT}, the root itself as {@code (root)}) and the packages it uses, over
     * every source root given.
     */
    static Map<String, Set<String>> dependencies(Path... roots) {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        for (Path sources : roots) {
            dependencies(sources, dependencies);
        }
        return dependencies;
    }

    private static void dependencies(Path sources, Map<String, Set<String>> dependencies) {
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = name(sources.relativize(file.getParent()).toString().replace('/', '.'));
                Set<String> uses = dependencies.computeIfAbsent(pkg, p -> new TreeSet<>());
                String code = withoutComments(Files.readString(file)).replaceFirst("package [\\w.]+;", "");
                Matcher matcher = REFERENCE.matcher(code);
                while (matcher.find()) {
                    String used = name(ROOT + matcher.group(1));
                    if (!used.equals(pkg)) {
                        uses.add(used);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every loop, each once, as {@code a -> b -> a}, starting from its smallest package name. */
    static Set<String> cycles(Map<String, Set<String>> dependencies) {
        Set<String> cycles = new TreeSet<>();
        for (String start : dependencies.keySet()) {
            walk(start, start, new ArrayList<>(List.of(start)), dependencies, cycles);
        }
        return cycles;
    }

    private static void walk(String start, String at, List<String> path, Map<String, Set<String>> dependencies,
            Set<String> cycles) {
        for (String next : dependencies.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                walk(start, next, path, dependencies, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    static String describe(Map<String, Set<String>> dependencies) {
        StringBuilder out = new StringBuilder();
        dependencies.forEach((pkg, uses) -> out.append(String.format("%-15s -> %s\n", pkg,
                uses.isEmpty() ? "(nothing)" : String.join(", ", uses))));
        return out.toString();
    }

    private static String name(String pkg) {
        String relative = pkg.equals(ROOT) || pkg.isEmpty() ? "" : pkg.startsWith(ROOT + ".")
                ? pkg.substring(ROOT.length() + 1) : pkg;
        return relative.isEmpty() || relative.equals(".") ? "(root)" : relative.replaceFirst("^io\\.ceip\\.agent\\.", "");
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }
}
