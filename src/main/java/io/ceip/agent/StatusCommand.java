package io.ceip.agent;

import io.ceip.agent.ops.StatusReport;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/**
 * {@code status}: the agent's state from its checked settings and data directory alone (no Camel start, no network,
 * no database, nothing written): the configuration file read, installation ID, schedule and next run, consent,
 * last delivery, dead letters, the paths in use made absolute. A bad setting is the same one line as at start; no
 * configuration file is a warning on stderr (the embedded demo defaults are in effect).
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the configuration file, installation"
        + " ID, schedule, consent, last delivery and dead letters, from the configuration and the data directory only"
        + " (no network, no database).")
final class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        OneShot.quietLogs();
        AgentSettings.Checked checked = AgentSettings.load(Map.of());
        StatusReport status = new StatusReport(checked.settings(), checked.configFile(),
                ConfigurationLocations.configFile(),
                Clock.systemUTC());
        System.out.print(status.render());
        status.warning().ifPresent(warning -> System.err.println("ceip-agent: warning: " + warning));
        return 0;
    }
}
