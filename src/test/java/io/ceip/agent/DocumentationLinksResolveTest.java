package io.ceip.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the documents under docs/ hold together: every relative link names a file of the repository, and
 * every {@code #anchor} a heading of the file it points to (GitHub's slugs); the README stays short enough to read
 * top-down (reference material lives in docs/).
 */
class DocumentationLinksResolveTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final int README_MOST_LINES = 350;

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("collector/README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            Matcher link = LINK.matcher(Files.readString(document, StandardCharsets.UTF_8));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? document : document.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(document + ": " + target + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
                    broken.add(document + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(documents).as("documents read").hasSizeGreaterThan(8);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theReadmeStaysShort() throws IOException {
        assertThat(Files.readAllLines(Path.of("README.md"))).as("README.md lines; reference material goes to docs/")
                .hasSizeLessThanOrEqualTo(README_MOST_LINES);
    }

    /** The anchors GitHub makes of a file's headings: lower case, punctuation dropped, spaces to dashes, -1 for repeats. */
    static Set<String> anchors(Path markdown) {
        Set<String> anchors = new HashSet<>();
        try {
            boolean fenced = false;
            for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
                if (line.startsWith("```")) {
                    fenced = !fenced;
                } else if (!fenced && line.startsWith("#")) {
                    String slug = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                    String unique = slug;
                    for (int n = 1; !anchors.add(unique); n++) {
                        unique = slug + "-" + n;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchors;
    }
}
