package io.ceip.agent.ops;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class NativeHeapTrimmerGivesMemoryBackTest {

    /** What a test registers under the JVM's diagnostic command name, on an MBean server of its own. */
    public interface DiagnosticCommandStandInMBean {
        String systemTrimNativeHeap();
    }

    static final class DiagnosticCommandStandIn implements DiagnosticCommandStandInMBean {
        private final String answer;
        private final RuntimeException failure;
        volatile int calls;

        DiagnosticCommandStandIn(String answer, RuntimeException failure) {
            this.answer = answer;
            this.failure = failure;
        }

        @Override
        public synchronized String systemTrimNativeHeap() {
            calls++;
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }

    private static DiagnosticCommandStandIn register(MBeanServer server, String answer, RuntimeException failure)
            throws Exception {
        DiagnosticCommandStandIn command = new DiagnosticCommandStandIn(answer, failure);
        server.registerMBean(command, NativeHeapTrimmer.DIAGNOSTIC_COMMAND);
        return command;
    }

    @Test
    void trimsThroughThisJvmsDiagnosticCommand() throws Exception {
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        boolean jvmCanTrim = Arrays.stream(platform.getMBeanInfo(NativeHeapTrimmer.DIAGNOSTIC_COMMAND).getOperations())
                .anyMatch(operation -> operation.getName().equals(NativeHeapTrimmer.TRIM));
        NativeHeapTrimmer trimmer = new NativeHeapTrimmer(platform, true, Duration.ZERO);

        String first = trimmer.trim();
        String second = trimmer.trim();

        if (jvmCanTrim) {
            assertThat(first).startsWith("Trim native heap: RSS+Swap: ");
            assertThat(second).startsWith("Trim native heap: RSS+Swap: ");
            assertThat(trimmer.trims()).isEqualTo(2);
        } else {
            assertThat(first).startsWith("unavailable: ").contains(NativeHeapTrimmer.TRIM);
            assertThat(trimmer.trims()).isZero();
        }
    }

    @Test
    void eachTrimAsksTheJvmAndReturnsItsAnswer() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        DiagnosticCommandStandIn command = register(server, "Trim native heap: RSS+Swap: 185M->173M (-12200K)\n", null);
        NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, true, Duration.ZERO);

        assertThat(trimmer.trim()).isEqualTo("Trim native heap: RSS+Swap: 185M->173M (-12200K)");
        assertThat(trimmer.trim()).isEqualTo("Trim native heap: RSS+Swap: 185M->173M (-12200K)");

        assertThat(command.calls).isEqualTo(2);
        assertThat(trimmer.trims()).isEqualTo(2);
    }

    @Test
    void turnedOffItNeverAsks() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        DiagnosticCommandStandIn command = register(server, "Trim native heap: RSS+Swap: 1M->1M (+0B)", null);
        NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, false, Duration.ofMillis(1));

        assertThat(trimmer.trim()).isEqualTo("off (ceip.memory.trim-after-report=false)");
        assertThat(trimmer.afterCycle()).isEqualTo("off (ceip.memory.trim-after-report=false)");

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> command.calls == 0);
        trimmer.close();
        assertThat(trimmer.trims()).isZero();
    }

    @Test
    void aJvmWithoutTheCommandIsAskedOnceAndNeverAgain() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, true, Duration.ZERO);

        String answer = trimmer.trim();
        DiagnosticCommandStandIn registeredLater = register(server, "Trim native heap: RSS+Swap: 1M->1M (+0B)", null);
        String later = trimmer.trim();

        assertThat(answer).isEqualTo("unavailable: this JVM has no systemTrimNativeHeap diagnostic command"
                + " (InstanceNotFoundException)");
        assertThat(later).isEqualTo(answer);
        assertThat(registeredLater.calls).as("unavailability is remembered").isZero();
        assertThat(trimmer.trims()).isZero();
    }

    @Test
    void aCLibraryThatCannotTrimIsAskedOnce() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        DiagnosticCommandStandIn command = register(server, "Not available.", null);
        NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, true, Duration.ZERO);

        assertThat(trimmer.trim()).isEqualTo("unavailable: this JVM cannot trim its C heap here: Not available.");
        assertThat(trimmer.trim()).startsWith("unavailable: ");

        assertThat(command.calls).isEqualTo(1);
        assertThat(trimmer.trims()).isZero();
    }

    @Test
    void aFailingCommandIsContained() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        DiagnosticCommandStandIn command = register(server, null, new IllegalStateException("boom"));
        NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, true, Duration.ZERO);

        assertThatCode(trimmer::trim).doesNotThrowAnyException();
        assertThat(trimmer.trim()).isEqualTo("unavailable: this JVM has no systemTrimNativeHeap diagnostic command"
                + " (RuntimeMBeanException)");
        assertThat(command.calls).isEqualTo(1);
    }

    @Test
    void aCycleTrimsAtOnceAndAgainWhenTheJvmHasSettled() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        DiagnosticCommandStandIn command = register(server, "Trim native heap: RSS+Swap: 9M->8M (-1M)", null);
        try (NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, true, Duration.ofMillis(300))) {

            assertThat(trimmer.afterCycle()).isEqualTo("Trim native heap: RSS+Swap: 9M->8M (-1M)");
            assertThat(command.calls).as("the first trim is done before the cycle returns").isEqualTo(1);

            await().atMost(Duration.ofSeconds(5)).until(() -> command.calls == 2);
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> command.calls == 2);
            assertThat(trimmer.trims()).isEqualTo(2);
        }
    }

    @Test
    void cyclesInQuickSuccessionMoveTheSecondTrim() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        DiagnosticCommandStandIn command = register(server, "Trim native heap: RSS+Swap: 9M->8M (-1M)", null);
        try (NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, true, Duration.ofSeconds(1))) {

            trimmer.afterCycle();
            trimmer.afterCycle();
            trimmer.afterCycle();
            assertThat(command.calls).isEqualTo(3);

            await().atMost(Duration.ofSeconds(5)).until(() -> command.calls == 4);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> command.calls == 4);
        }
    }

    @Test
    void closedItDropsTheSecondTrimAndItsThreadEnds() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        DiagnosticCommandStandIn command = register(server, "Trim native heap: RSS+Swap: 9M->8M (-1M)", null);
        NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, true, Duration.ofMillis(300));
        trimmer.afterCycle();

        trimmer.close();

        await().atMost(Duration.ofSeconds(5)).until(trimmer::closed);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> command.calls == 1);
        assertThat(trimmer.afterCycle()).as("a cycle after close still trims at once")
                .startsWith("Trim native heap");
        assertThat(command.calls).isEqualTo(2);
    }

    @Test
    void withoutTheCommandNoSecondTrimIsPlanned() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        try (NativeHeapTrimmer trimmer = new NativeHeapTrimmer(server, true, Duration.ofMillis(100))) {

            assertThat(trimmer.afterCycle()).startsWith("unavailable: ");
            DiagnosticCommandStandIn registeredLater = register(server, "Trim native heap: RSS+Swap: 1M->1M (+0B)",
                    null);

            await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                    .until(() -> registeredLater.calls == 0);
        }
    }
}
