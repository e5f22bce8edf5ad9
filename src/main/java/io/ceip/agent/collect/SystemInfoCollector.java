package io.ceip.agent.collect;


import java.util.Properties;
import java.util.TimeZone;

/**
 * Collects the environment part of a report from the JVM: operating system, Java runtime, timezone, processors
 * and maximum heap. It reads only standard system properties; nothing host-identifying (host name, user name,
 * addresses, paths) is read, and what is read is reported from a closed set or as its version numbers only
 * ({@link ReportedNames}): a kernel's or a JDK build's own text never is.
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
                ReportedNames.osName(systemProperties.getProperty("os.name")),
                ReportedNames.version(systemProperties.getProperty("os.version")),
                ReportedNames.osArch(systemProperties.getProperty("os.arch")),
                ReportedNames.javaVendor(systemProperties.getProperty("java.vendor")),
                ReportedNames.version(systemProperties.getProperty("java.version")),
                ReportedNames.timezone(TimeZone.getDefault().getID()),
                runtime.availableProcessors(),
                runtime.maxMemory(),
                agentVersion);
    }
}
