package io.ceip.agent.redact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.report.Report;

/**
 * Applies the {@link RedactionRules} to a whole {@link Report}: the report is turned into a JSON tree, redacted,
 * and read back, so that every string at any depth passes the rules.
 */
public final class ReportRedactor {

    private final RedactionRules rules;
    private final ObjectMapper mapper;

    public ReportRedactor(RedactionRules rules, ObjectMapper mapper) {
        this.rules = rules;
        this.mapper = mapper;
    }

    public Report redact(Report report) {
        JsonNode tree = rules.apply(mapper.valueToTree(report));
        try {
            return mapper.treeToValue(tree, Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a redacted report could not be read back: " + e.getOriginalMessage(), e);
        }
    }

    public RedactionRules rules() {
        return rules;
    }
}
