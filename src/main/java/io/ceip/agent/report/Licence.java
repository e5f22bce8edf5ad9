package io.ceip.agent.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * The report member {@code licence} (consent full): facts about the product's licence, as
 * {@link LicenceValues} lets them leave. Absent parts are left out of the JSON.
 *
 * @param type       a declared licence type, or {@code other}
 * @param validUntil the month the licence ends, {@code YYYY-MM}
 * @param unlimited  whether it is unlimited
 * @param features   declared feature flags, each a boolean
 * @param customer   the customer name's pseudonym ({@code p:} + 16 hex digits), only when the vendor turned it on
 * @param engines    the pseudonyms of the IDs of the connected components or engines, sorted, at most
 *                   {@code ceip.inventory.max-engines}
 * @param dropped    values not sent because they are not of their declared form (an undeclared feature, a value
 *                   that is not a boolean or a date, an engine past the bound)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "validUntil", "unlimited", "features", "customer", "engines", "dropped" })
public record Licence(String type, String validUntil, Boolean unlimited, Map<String, Boolean> features,
        String customer, List<String> engines, long dropped) {
}
