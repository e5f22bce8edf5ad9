package io.ceip.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The relative file settings of a configuration file that is not the installation's own: a relative path resolves
 * from the working directory (the installation, where the launcher runs the agent), never from the configuration
 * file's folder, so a configuration copied elsewhere ({@code CEIP_CONFIG=/srv/product/config/application.properties},
 * or the launcher's {@code --config}) that keeps {@code ceip.collect.queries-file=config/usage-queries.yaml} reads the
 * installation's demo queries, not the copy beside it. That stays so (the settings' meaning is a public contract);
 * each such setting gets one warning instead:
 *
 * <pre>
 * /srv/product/config/application.properties:7: ceip.collect.queries-file is relative: it is read from the working
 * directory, as /opt/ceip/config/usage-queries.yaml, not /srv/product/config/usage-queries.yaml beside this file; give
 * an absolute path
 * </pre>
 *
 * A file setting is one of type {@code path} in the {@link SettingCatalog}. No warning for a value that is absolute or
 * empty, set elsewhere than in the file (the environment, a system property, an override), nor when the file is in the
 * working directory's {@code config/} (the installation's own, where the default is). A path that holds a secret
 * setting's value is not shown (the line says the value is relative, no more).
 * <p>
 * A file setting the copied configuration leaves unset keeps its embedded default, relative as well
 * ({@code ceip.events.catalog-file=config/events.yaml}): the installation's file is read, and a copy of the whole
 * {@code config/} ({@code bin/ceip-agent --config DIR}) whose {@code events.yaml} was edited beside the configuration
 * was not read without a word. When a file of that name lies beside the configuration, that is one warning too:
 *
 * <pre>
 * /srv/product/config/application.properties: ceip.events.catalog-file is not set in this file: its embedded default
 * config/events.yaml is read from the working directory, as /opt/ceip/config/events.yaml, not
 * /srv/product/config/events.yaml beside this file; set it to an absolute path
 * </pre>
 *
 * None when nothing of that name lies beside it, and none for a default that follows another setting
 * ({@code {{ceip.data.directory}}/events}: that setting is named itself).
 */
public final class CopiedConfigurationPaths {

    private CopiedConfigurationPaths() {
    }

    /**
     * One warning per relative file setting set in {@code configuration} (the file's text, as checked), in the file's
     * order, then one per file setting left at its relative embedded default while a file of its name lies beside
     * the file, in the catalog's
     * order; none when the file is in {@code defaultDirectory} (relative to {@code workingDirectory}, as
     * {@code config}).
     *
     * @param setElsewhere whether a key's value comes from above the file (environment, system property, override)
     * @param settings the checked settings: each value as resolved, and the secrets never to show
     */
    public static List<String> warnings(SettingCatalog catalog, ConfigurationText configuration,
            Path workingDirectory, Path defaultDirectory, Predicate<String> setElsewhere, Settings settings) {
        Path configFile = configuration.file();
        Path folder = configFile.toAbsolutePath().normalize().getParent();
        if (folder == null || sameDirectory(folder, workingDirectory.resolve(defaultDirectory))) {
            return List.of();
        }
        String text = configuration.text(); // checked already, and what Camel read
        List<String> secrets = settings.secretValues();
        List<String> warnings = new ArrayList<>();
        Set<String> setInTheFile = new HashSet<>();
        for (PropertyLines.Entry entry : PropertyLines.parse(text)) {
            Optional<SettingDefinition> definition = catalog.find(entry.key())
                    .or(() -> catalog.renamedFrom(entry.key()));
            definition.ifPresent(setting -> setInTheFile.add(setting.key()));
            if (definition.isEmpty() || definition.get().type().kind() != SettingType.Kind.PATH
                    || setElsewhere.test(definition.get().key()) || setElsewhere.test(entry.key())) {
                continue;
            }
            String key = definition.get().key();
            Optional<Path> value = settings.optional(key).flatMap(CopiedConfigurationPaths::path);
            if (value.isEmpty() || value.get().isAbsolute()) {
                continue;
            }
            String where = configFile + ":" + entry.line() + ": " + entry.key();
            if (secrets.stream().anyMatch(secret -> value.get().toString().contains(secret))) {
                warnings.add(where + " is relative: it is read from the working directory " + workingDirectory
                        + ", not from this file's folder; give an absolute path");
                continue;
            }
            Path read = workingDirectory.resolve(value.get()).normalize();
            Optional<Path> beside = beside(folder, value.get()).filter(path -> !path.equals(read));
            warnings.add(where + " is relative: it is read from the working directory, as " + read + ", not "
                    + beside.map(path -> path + " beside this file").orElse("from this file's folder " + folder)
                    + "; give an absolute path");
        }
        for (SettingDefinition definition : catalog.all()) {
            String key = definition.key();
            if (definition.type().kind() != SettingType.Kind.PATH || setInTheFile.contains(key)
                    || definition.oldKey().map(setElsewhere::test).orElse(false) || setElsewhere.test(key)
                    || definition.defaultValue().contains("{{")) { // follows another setting, named itself
                continue;
            }
            Optional<Path> value = settings.optional(key).flatMap(CopiedConfigurationPaths::path)
                    .filter(path -> !path.isAbsolute());
            Path read = value.map(path -> workingDirectory.resolve(path).normalize()).orElse(null);
            value.flatMap(path -> beside(folder, path)).filter(path -> !path.equals(read)).ifPresent(path -> warnings
                    .add(configFile + ": " + key + " is not set in this file: its embedded default "
                            + definition.defaultValue() + " is read from the working directory, as " + read + ", not "
                            + path + " beside this file; set it to an absolute path"));
        }
        return warnings;
    }

    /**
     * The file beside the configuration that an administrator may have meant: the value taken from its folder, or a
     * file of the same name in its folder; empty when neither exists.
     */
    private static Optional<Path> beside(Path folder, Path value) {
        return java.util.stream.Stream.of(folder.resolve(value).normalize(), folder.resolve(value.getFileName()))
                .filter(path -> Files.exists(path, LinkOption.NOFOLLOW_LINKS)).findFirst();
    }

    private static Optional<Path> path(String value) {
        try {
            Path path = Path.of(value);
            return path.getFileName() == null ? Optional.empty() : Optional.of(path);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Whether two directories are one (links followed when both exist, else compared as absolute paths). */
    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
