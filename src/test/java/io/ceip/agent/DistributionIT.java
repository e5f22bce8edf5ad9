package io.ceip.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution, {@code target/ceip-agent-<version>.tar.gz}, as an administrator installs it: unpacked into a
 * temporary directory, {@code bin/ceip-agent} run from another working directory with its own configuration and data
 * directories (given relative to that directory), through to a report delivered to a loopback HTTPS server. Also:
 * the production jar and archive hold no demo, the launcher's refusals are one line, the systemd units verify.
 */
class DistributionIT {

    static final Path TARGET = Path.of("target").toAbsolutePath();
    /** The JVM flag the launcher sets instead of the agent's former native-heap trimmer (the benchmark sets it too). */
    static final String TRIM_FLAG = "-XX:TrimNativeHeapInterval=1000";

    @TempDir
    Path install;

    @TempDir
    Path elsewhere;

    private Path home;
    private Process agent;

    @BeforeEach
    void unpack() throws Exception {
        Result untar = run(List.of("tar", "xzf", archive().toString(), "-C", install.toString()), install, Map.of());
        assertThat(untar.code()).as("tar xzf: %s", untar.output()).isZero();
        try (Stream<Path> entries = Files.list(install)) {
            home = entries.findFirst().orElseThrow();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theProductionJarAndArchiveHoldNoDemo() throws Exception {
        try (JarFile jar = new JarFile(TARGET.resolve("ceip-agent.jar").toFile())) {
            assertThat(jar.stream().map(e -> e.getName()).toList()).as("entries of target/ceip-agent.jar")
                    .contains("io/ceip/agent/CeipAgent.class", "io/ceip/agent/EmbeddedDemo.class")
                    .noneMatch(name -> name.startsWith("io/ceip/agent/demo/"))
                    .noneMatch(name -> name.startsWith("META-INF/services/io.ceip.agent"))
                    .noneMatch(name -> name.startsWith("io/ceip/collector/"));
            for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
                            .as("%s names no collector class", entry.getName()).doesNotContain("io/ceip/collector");
                }
            }
            assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path"))
                    .as("the runnable jar finds the demo beside it").startsWith("ceip-agent-demo.jar ")
                    .doesNotContain("collector", "demo-lib");
        }
        try (JarFile demo = new JarFile(TARGET.resolve("ceip-agent-demo.jar").toFile())) {
            assertThat(demo.getEntry("io/ceip/agent/demo/DemoBeans.class")).isNotNull();
            assertThat(demo.getEntry("META-INF/services/io.ceip.agent.EmbeddedDemo")).isNotNull();
            assertThat(demo.getManifest().getMainAttributes().getValue("Class-Path"))
                    .as("the demo finds the collector's single-node form beside it, and what that needs in demo-lib/lib")
                    .isEqualTo("demo-lib/ceip-collector.jar");
        }
        try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
            assertThat(lib.map(file -> file.getFileName().toString())).as("target/lib, the distribution's lib/")
                    .isNotEmpty().noneMatch(name -> name.startsWith("ceip-collector"));
        }
        Result listing = run(List.of("tar", "tzf", archive().toString()), install, Map.of());
        String root = home.getFileName() + "/";
        assertThat(listing.output().lines().toList()).as("tar tzf %s", archive().getFileName())
                .allMatch(entry -> entry.startsWith(root))
                .contains(root + "bin/ceip-agent", root + "lib/ceip-agent.jar", root + "lib/camel-main-4.18.0.jar",
                        root + "config/application.properties", root + "config/usage-queries.yaml",
                        root + "config/redaction-rules.yaml", root + "routes/ceip-report.camel.yaml",
                        root + "systemd/ceip-agent.service", root + "systemd/ceip-agent-send.service",
                        root + "systemd/ceip-agent-send.timer", root + "LICENSE", root + "NOTICE",
                        root + "THIRD-PARTY.txt")
                .noneMatch(entry -> entry.contains("demo.jar") || entry.contains("/data/")
                        || entry.contains("collector") || entry.contains("demo-lib"));
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/ceip-agent")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(home.resolve("THIRD-PARTY.txt"))).contains("camel-main-4.18.0.jar");
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
    }

    @Test
    void theLauncherDeliversAReportFromAnotherWorkingDirectory() throws Exception {
        TestCertificates certificates = TestCertificates.localhost();
        try (TestHttpsServer server = TestHttpsServer.start(certificates, 0)) {
            Path config = Files.createDirectories(elsewhere.resolve("conf"));
            Files.writeString(config.resolve("application.properties"),
                    Files.readString(home.resolve("config/application.properties"))
                            .replace("ceip.database.demo-data=true", "ceip.database.demo-data=false")
                            .replace("ceip.collector.enabled=true", "ceip.collector.enabled=false")
                            .replace("ceip.endpoint.url=https://localhost:18443/v1/reports",
                                    "ceip.endpoint.url=" + server.url())
                            .replace("ceip.endpoint.trust-store=\n", "ceip.endpoint.trust-store="
                                    + certificates.writePem(config.resolve("collector.pem")) + "\n")
                            .replace("ceip.schedule.initial-delay=5000", "ceip.schedule.initial-delay=500"));
            Path log = elsewhere.resolve("agent.log");
            agent = builder(List.of("sh", home.resolve("bin/ceip-agent").toString(), "--config", "conf", "--data",
                    "state", "run"), elsewhere, Map.of()).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(log).contains("delivered: HTTP 202") || !agent.isAlive());
            assertThat(Files.readString(log)).as("the agent's log").contains("delivered: HTTP 202");
            assertThat(server.received()).hasSize(1);
            assertThat(server.received().get(0).json()).contains("\"installationId\"");

            String commandLine = Files.readString(Path.of("/proc", Long.toString(agent.pid()), "cmdline"))
                    .replace('\0', ' ');
            assertThat(commandLine).as("the JVM the launcher exec'd").contains(TRIM_FLAG, "-XX:+UseSerialGC",
                    "-Xmx128m", "-Xms32m", home.resolve("lib") + "/*", "io.ceip.agent.CeipAgent run");
            assertThat(elsewhere.resolve("state/installation-id")).as("the data directory given with --data")
                    .isRegularFile();
            assertThat(elsewhere.resolve("state/ledger.log")).isRegularFile();
            assertThat(home.resolve("data")).as("nothing written in the install directory").doesNotExist();

            agent.destroy();
            assertThat(agent.waitFor(45, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).as("exit on SIGTERM (systemd: SuccessExitStatus=143)").isIn(0, 143);
        }
    }

    @Test
    void theShippedConfigurationWithoutTheDemoIsRefusedInOneLine() throws Exception {
        Result result = run(List.of(home.resolve("bin/ceip-agent").toString(), "run"), elsewhere,
                Map.of("CEIP_SCHEDULE_ENABLED", "false"));
        assertThat(result.code()).as(result.output()).isEqualTo(1);
        assertThat(result.output().lines().filter(line -> line.startsWith("ceip-agent:")).toList())
                .containsExactly("ceip-agent: ceip.database.demo-data=true needs the embedded demo"
                        + " (ceip-agent-demo.jar), which is not installed: set ceip.database.demo-data=false and"
                        + " ceip.collector.enabled=false");
    }

    @Test
    void theLauncherRefusesAMissingOrOldJavaInOneLine() throws Exception {
        Result syntax = run(List.of("sh", "-n", home.resolve("bin/ceip-agent").toString()), elsewhere, Map.of());
        assertThat(syntax.code()).as("sh -n: %s", syntax.output()).isZero();

        Path none = Files.createDirectories(elsewhere.resolve("no-java"));
        Result missing = run(List.of(home.resolve("bin/ceip-agent").toString(), "status"), elsewhere,
                Map.of("JAVA_HOME", none.toString()));
        assertThat(missing.code()).isNotZero();
        assertThat(missing.output().lines().toList()).containsExactly("ceip-agent: no Java at JAVA_HOME=" + none
                + " (" + none + "/bin/java is not there): set JAVA_HOME to a Java 17 or later");

        Path old = fakeJava("old-java", "openjdk version \"11.0.2\" 2019-01-15");
        Result tooOld = run(List.of(home.resolve("bin/ceip-agent").toString(), "status"), elsewhere,
                Map.of("JAVA_HOME", old.toString()));
        assertThat(tooOld.code()).isNotZero();
        assertThat(tooOld.output().lines().toList()).containsExactly("ceip-agent: " + old
                + "/bin/java is Java 11.0.2: ceip-agent needs Java 17 or later (set JAVA_HOME)");

        Path released = fakeJava("released-java", "openjdk version \"17.0.15\" 2025-04-15");
        Files.writeString(released.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.25\"\n");
        Result fromRelease = run(List.of(home.resolve("bin/ceip-agent").toString(), "status"), elsewhere,
                Map.of("JAVA_HOME", released.toString()));
        assertThat(fromRelease.code()).as("the JDK's release file is read first").isNotZero();
        assertThat(fromRelease.output().lines().toList()).containsExactly("ceip-agent: " + released
                + "/bin/java is Java 11.0.25: ceip-agent needs Java 17 or later (set JAVA_HOME)");

        Path ancient = fakeJava("ancient-java", "java version \"1.8.0_402\"");
        Result eight = run(List.of(home.resolve("bin/ceip-agent").toString(), "status"), elsewhere,
                Map.of("JAVA_HOME", ancient.toString()));
        assertThat(eight.code()).isNotZero();
        assertThat(eight.output().lines().toList()).singleElement().asString().contains("Java 1.8.0_402");

        Path garbage = fakeJava("garbage-java", "\033[31m; rm -rf / \"");
        Result unknown = run(List.of(home.resolve("bin/ceip-agent").toString(), "status"), elsewhere,
                Map.of("JAVA_HOME", garbage.toString()));
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.output().lines().toList()).containsExactly("ceip-agent: cannot tell the version of "
                + garbage + "/bin/java (is it a Java?): ceip-agent needs Java 17 or later");
    }

    @Test
    void theSystemdUnitsAreHardened() throws IOException {
        String service = Files.readString(home.resolve("systemd/ceip-agent.service"));
        assertThat(service.lines().toList()).contains("User=ceip", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/ceip-agent", "NoNewPrivileges=yes", "PrivateTmp=yes", "Restart=on-failure",
                "SuccessExitStatus=143",
                "ExecStart=/opt/ceip-agent/bin/ceip-agent --config /etc/ceip-agent --data /var/lib/ceip-agent run");
        assertThat(service.lines().filter(line -> line.startsWith("ReadWritePaths=")).toList()).hasSize(1);
        String send = Files.readString(home.resolve("systemd/ceip-agent-send.service"));
        assertThat(send.lines().toList()).contains("Type=oneshot", "User=ceip", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/ceip-agent", "NoNewPrivileges=yes", "PrivateTmp=yes",
                "ExecStart=/opt/ceip-agent/bin/ceip-agent --config /etc/ceip-agent --data /var/lib/ceip-agent send");
        assertThat(Files.readString(home.resolve("systemd/ceip-agent-send.timer")).lines().toList())
                .contains("Unit=ceip-agent-send.service", "Persistent=true", "WantedBy=timers.target");
    }

    @Test
    void theSystemdUnitsVerify() throws Exception {
        Assumptions.assumeTrue(run(List.of("sh", "-c", "command -v systemd-analyze"), elsewhere, Map.of()).code() == 0,
                "systemd-analyze is not installed here: the unit files are not verified (the other checks ran)");
        // the units name /opt/ceip-agent: verified where this archive was unpacked, as an installation would be
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        for (String unit : List.of("ceip-agent.service", "ceip-agent-send.service", "ceip-agent-send.timer")) {
            Path copy = elsewhere.resolve(unit);
            Files.writeString(copy, Files.readString(home.resolve("systemd").resolve(unit))
                    .replace("/opt/ceip-agent", home.toString()));
            command.add(copy.toString());
        }
        Result verify = run(command, elsewhere, Map.of());
        assertThat(verify.output()).as("systemd-analyze verify").isEmpty();
        assertThat(verify.code()).isZero();
    }

    /** The archive the build made (its name carries the version). */
    static Path archive() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("ceip-agent-.*\\.tar\\.gz"))
                    .toList();
            assertThat(archives).as("target/ceip-agent-<version>.tar.gz (mvn package)").hasSize(1);
            return archives.get(0);
        }
    }

    private Path fakeJava(String name, String versionLine) throws IOException {
        Path bin = Files.createDirectories(elsewhere.resolve(name).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\ncat >&2 <<'EOF'\n" + versionLine + "\nEOF\nexit 0\n");
        java.toFile().setExecutable(true);
        return bin.getParent();
    }

    record Result(int code, String output) {
    }

    static ProcessBuilder builder(List<String> command, Path directory, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        return builder;
    }

    static Result run(List<String> command, Path directory, Map<String, String> env) throws Exception {
        Path output = Files.createTempFile("distribution-it", ".out");
        Process process = builder(command, directory, env).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s ended", Arrays.toString(command.toArray()))
                .isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        return new Result(process.exitValue(), text);
    }
}
