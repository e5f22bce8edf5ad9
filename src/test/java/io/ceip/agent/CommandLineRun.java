package io.ceip.agent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an administrator types, for the tests: in this JVM as {@link AgentCommand#execute} answers it (exit code,
 * stdout, stderr), or as a process of its own ({@link #process}).
 */
final class CommandLineRun {

    /** A command's exit code and output. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private CommandLineRun() {
    }

    /** Runs the command line in this JVM, its stdout and stderr captured; the one-shot logging reset after it. */
    static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int code = AgentCommand.execute(args);
            return new Result(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.clearProperty("ceip.log.target");
            System.clearProperty("ceip.log.level");
        }
    }

    /**
     * The agent from the test's class path as a process in {@code workDir}, with the shipped logging (not the tests'
     * log4j2-test.properties on this class path), without this JVM's {@code CEIP_*} and {@code DO_NOT_TRACK}
     * variables and with {@code environment}; not started.
     */
    static ProcessBuilder process(Path workDir, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + CeipAgent.class.getResource("/log4j2.properties"),
                CeipAgent.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
        builder.environment().putAll(environment);
        return builder;
    }
}
