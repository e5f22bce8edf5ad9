package io.ceip.agent.collect;


import java.util.Properties;
import java.util.TimeZone;

/**
 * Collects the environment part of a report from the JVM: operating system, Java runtime, timezone, processors
 * and maximum heap. It reads only standard system properties; nothing host-identifying (host name, user name,
 * addresses, paths) is read.
 */
public final class SystemInfoCollector {

    private final Properties systemProperties;
    private final String agentVersion;

    public SystemInfoCollector(Properties systemProperties, String agentVersion) {
        this.systemProperties = systemProperties;
        this.agentVersion = agentVersion;
    }

    /** A snapshot of the environment. */
    public EnvironmentInfo collect() {
        Runtime runtime = Runtime.getRuntime();
        return new EnvironmentInfo(
                systemProperties.getProperty("os.name"),
                systemProperties.getProperty("os.version"),
                systemProperties.getProperty("os.arch"),
                systemProperties.getProperty("java.vendor"),
                systemProperties.getProperty("java.version"),
                TimeZone.getDefault().getID(),
                runtime.availableProcessors(),
                runtime.maxMemory(),
                agentVersion);
    }
}
