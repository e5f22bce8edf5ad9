package io.ceip.agent.report;

import java.util.Map;

/**
 * Advanced statistics (consent {@code full}): the results of the full usage queries over the window
 * {@code from}..{@code to}, which starts where the previous report's window ended.
 */
public record FeatureUsage(String from, String to, Map<String, Object> counts) {
}
