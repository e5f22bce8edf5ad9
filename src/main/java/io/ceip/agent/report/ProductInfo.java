package io.ceip.agent.report;

/** The product the agent ships beside, as configured by the vendor ({@code ceip.product.*}). Level: basic. */
public record ProductInfo(String name, String version, String edition) {
}
