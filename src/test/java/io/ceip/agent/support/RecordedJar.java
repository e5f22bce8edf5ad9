package io.ceip.agent.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged jar ({@code ceip.jar}, else {@code target/ceip-agent.jar}) in a JVM of its own whose security manager
 * is {@link LookupRecorder}, from the JVM's first line, appending every lookup and connection to a file: for tests of
 * what the agent asks the resolver for.
 */
public final class RecordedJar {

    private static final Path JAR = Path.of(System.getProperty("ceip.jar", "target/ceip-agent.jar")).toAbsolutePath();

    private RecordedJar() {
    }

    /**
     * Starts {@code io.ceip.agent.CeipAgent} with {@code args} in {@code workDir}, output to {@code log}, lookups to
     * {@code lookups} (absent while none is made), with {@code jvmOptions} and the environment without any
     * {@code CEIP_*} or {@code DO_NOT_TRACK} variable but {@code env}'s. The recorder's class alone is copied into
     * {@code workDir/recorder} (not all test classes: their {@code log4j2-test.properties} would replace the shipped
     * logging).
     */
    public static Process start(Path workDir, Path lookups, Path log, List<String> jvmOptions, Map<String, String> env,
            String... args) throws IOException {
        String name = LookupRecorder.class.getName().replace('.', '/') + ".class";
        Path classes = workDir.resolve("recorder");
        if (!Files.exists(classes.resolve(name))) {
            Files.createDirectories(classes.resolve(name).getParent());
            Files.copy(Path.of("target/test-classes").resolve(name), classes.resolve(name));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Djava.security.manager=" + LookupRecorder.class.getName(),
                "-D" + LookupRecorder.FILE + "=" + lookups, "-cp", JAR + File.pathSeparator + classes,
                "io.ceip.agent.CeipAgent"));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("CEIP_")
                || variable.equals("DO_NOT_TRACK"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
