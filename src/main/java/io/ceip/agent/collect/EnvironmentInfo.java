package io.ceip.agent.collect;

/**
 * Where the product runs. Level: basic.
 *
 * @param osName          {@code os.name}
 * @param osVersion       {@code os.version}
 * @param osArch          {@code os.arch}
 * @param javaVendor      {@code java.vendor}
 * @param javaVersion     {@code java.version}
 * @param timezone        the default time zone ID, for example {@code Europe/Paris}
 * @param processors      available processors
 * @param maxHeapBytes    the JVM's maximum heap
 * @param agentVersion    the version of this agent
 */
public record EnvironmentInfo(String osName, String osVersion, String osArch, String javaVendor, String javaVersion,
        String timezone, int processors, long maxHeapBytes, String agentVersion) {
}
