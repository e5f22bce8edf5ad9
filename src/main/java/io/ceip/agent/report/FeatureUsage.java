package io.ceip.agent.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * Advanced statistics (consent {@code full}): the results of the full usage queries over the window
 * {@code from}..{@code to}, which starts where the previous report's window ended, and the counts of the product's
 * feature events by declared name ({@code events}, absent when none were counted; see {@code docs/events.md}).
 */
public record FeatureUsage(String from, String to, Map<String, Object> counts,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> events) {

    /** Without feature events. */
    public FeatureUsage(String from, String to, Map<String, Object> counts) {
        this(from, to, counts, null);
    }
}
