package io.ceip.agent;

import io.ceip.agent.ops.NativeHeapTrimmer;
import io.ceip.agent.support.AgentTestSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCycleTrimsNativeHeapTest extends AgentTestSupport {

    private NativeHeapTrimmer trimmer;
    private long before;

    @BeforeEach
    void trimmer() {
        trimmer = context.getRegistry().lookupByNameAndType("nativeHeapTrimmer", NativeHeapTrimmer.class);
        before = trimmer.trims();
        assertThat(trimmer.trim()).as("this JVM trims its C heap").startsWith("Trim native heap: ");
        before++;
    }

    @Test
    void aDeliveredCycleEndsWithATrim() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(trimmer.trims()).isEqualTo(before + 1);
    }

    @Test
    void aCycleWhoseDeliveryFailedEndsWithATrimToo() {
        server().close();

        runReportCycle();

        assertThat(deadLetters().pending()).hasSize(1);
        assertThat(trimmer.trims()).isEqualTo(before + 1);
    }
}
