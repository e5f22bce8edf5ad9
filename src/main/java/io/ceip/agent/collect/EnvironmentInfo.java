package io.ceip.agent.collect;

/**
 * Where the product runs. Level: basic. The names and versions are {@link ReportedNames}' (a closed set, or leading
 * numbers): a host's own text never is one.
 *
 * @param osName          {@code os.name}, or {@code other}
 * @param osVersion       {@code os.version}'s leading numbers, or {@code unknown}
 * @param osArch          {@code os.arch}, or {@code other}
 * @param javaVendor      {@code java.vendor}, or {@code other}
 * @param javaVersion     {@code java.version}'s leading numbers, or {@code unknown}
 * @param timezone        the default time zone ID, for example {@code Europe/Paris}, or {@code other}
 * @param processors      available processors
 * @param maxHeapBytes    the JVM's maximum heap
 * @param agentVersion    the version of this agent
 */
public record EnvironmentInfo(String osName, String osVersion, String osArch, String javaVendor, String javaVersion,
        String timezone, int processors, long maxHeapBytes, String agentVersion) {
}
