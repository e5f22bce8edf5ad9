package io.ceip.agent.collect;

/** The product database's vendor and version, from the JDBC metadata, normalised ({@code h2} / {@code 2.3.232}). */
public record DatabaseInfo(String vendor, String version) {
}
