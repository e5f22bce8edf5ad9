package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;

import java.util.Properties;

import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.TriggerKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedule as Quartz holds it: the configured daily cron moved by this installation's offset, and a missed
 * fire (the host was down or asleep) run once when back, not as a burst.
 */
class ScheduleTriggerTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.schedule.enabled", "true", "ceip.schedule.initial-delay", "3600000");
    }

    @Test
    void theReportTriggerIsTheOffsetDailyCronWithFireOnceOnMisfire() throws Exception {
        CronTrigger trigger = (CronTrigger) context.getComponent("quartz", QuartzComponent.class).getScheduler()
                .getTrigger(new TriggerKey("report", "ceip"));
        String schedule = context.getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class)
                .getSchedule();

        assertThat(trigger.getCronExpression()).isEqualTo(schedule).matches("\\d{1,2} \\d{1,2} 3 \\* \\* \\?");
        assertThat(trigger.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
    }
}
